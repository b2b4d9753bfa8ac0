/** hprose 2.x wire tags (byte values), as in the npm `hprose` package's io/Tags.js. */
export const Tag = {
  Integer: 0x69, // i
  Long: 0x6c, // l
  Double: 0x64, // d
  Null: 0x6e, // n
  Empty: 0x65, // e
  True: 0x74, // t
  False: 0x66, // f
  NaN: 0x4e, // N
  Infinity: 0x49, // I
  Date: 0x44, // D
  Time: 0x54, // T
  UTC: 0x5a, // Z
  Bytes: 0x62, // b
  UTF8Char: 0x75, // u
  String: 0x73, // s
  Guid: 0x67, // g
  List: 0x61, // a
  Map: 0x6d, // m
  Class: 0x63, // c
  Object: 0x6f, // o
  Ref: 0x72, // r
  Pos: 0x2b, // +
  Neg: 0x2d, // -
  Semicolon: 0x3b, // ;
  OpenBrace: 0x7b, // {
  CloseBrace: 0x7d, // }
  Quote: 0x22, // "
  Point: 0x2e, // .
  Functions: 0x46, // F
  Call: 0x43, // C
  Result: 0x52, // R
  Argument: 0x41, // A
  Error: 0x45, // E
  End: 0x7a, // z
} as const;
