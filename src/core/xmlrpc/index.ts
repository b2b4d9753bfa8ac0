export { xmlRpcClient, DEFAULT_MULTICALL_CHUNK, noIntrospectionMessage } from './client';
export { decodeMethodResponse, decodeWithParser, decodeText, parseXml, XML_PARSER_OPTIONS } from './decode';
export { encodeMethodCall, encodeMethodResponse, encodeFault, escapeXmlText } from './encode';
export { XMLRPC_CONTENT_TYPE, encodeXmlRpcCall } from './request';
