/** What a start of a local server (a task or Debug Server) resolves to, and what a save-restart reports. Pure types. */

/** What `rpcExplorer.startServer` / `rpcExplorer.debugServer` resolve to: the endpoint once explored, or why there is none. */
export interface StartServerResult {
  file: string;
  url?: string;
  /** From the command to the filled tree (ready, added, discovered, revealed). */
  elapsedMs?: number;
  error?: string;
  /** The server process. */
  pid?: number;
}

/** One restart after a save, from the save to the refreshed tree, by phase (ms). */
export interface ServerRestart {
  file: string;
  url?: string;
  /** The new server process. */
  pid?: number;
  /** Why it is not running again (a broken save: its problem is in the Problems view). */
  error?: string;
  /** Save → tree refreshed (or → failure). */
  totalMs: number;
  /** Save → the old process tree gone, its task ended and its port closed. */
  stopMs: number;
  /** executeTask → VS Code opening the task's terminal: the task system's own time (about 0 when the server restarts in its own terminal). */
  taskStartMs?: number;
  /** Terminal open → ready (reading the source, resolving the runtime, the server's start-up). */
  readyMs?: number;
  /** Ready → endpoint discovered and the tree revealed. */
  treeMs?: number;
}
