/** The method-shape model: one description of a method's parameters, read by every part that shows or fills them. */
export * from './shape';
export { shapeOfSchema, type SchemaContext } from './fromSchema';
export { shapeOfSignatureType, shapeOfTypeText, literalDefault } from './fromTypeText';
export { methodShapeOf, shapeTypeName, type SourceSignature } from './build';
export * from './formValues';
export * from './labels';
