/** Our debug type for Python when the Python Debugger extension is not installed (package.json `debuggers`). */
export const RPC_PYTHON_DEBUG_TYPE = 'rpc-python';
/** The Python Debugger extension's debug type. */
export const DEBUGPY_DEBUG_TYPE = 'debugpy';
