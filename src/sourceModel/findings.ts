/** A reader's findings made into the model: the libraries found, the address, the merged registrations, the notes. */
import type { Tree } from '@lezer/common';
import type { Protocol } from '../core/types';
import type { ServerAddress } from './address';
import type { ServerFramework, ServerSourceModel, SourceLanguage, SourceNote } from './model';
import { mergeRegistrations, type RegistrationLog } from './registrations';
import { syntaxErrorsOf, type SourceFile } from './syntax';

/** The libraries a file was found to use, with the markers that showed them. */
export interface DetectedFrameworks {
  frameworks: ServerFramework[];
  markers: string[];
  protocol?: Protocol;
}

/** One library a reader found, by the marker that showed it. */
export interface FoundFramework {
  name: string;
  framework: ServerFramework;
  protocol?: Protocol;
}

/** The protocol the found libraries agree on, if they name exactly one. */
export function singleProtocol(found: FoundFramework[]): Protocol | undefined {
  const protocols = new Set(found.map((f) => f.protocol).filter((p): p is Protocol => !!p));
  return protocols.size === 1 ? [...protocols][0] : undefined;
}

export function detectedOf(found: FoundFramework[], protocol: Protocol | undefined): DetectedFrameworks {
  return {
    frameworks: [...new Set(found.map((f) => f.framework))],
    markers: found.map((f) => f.name),
    ...(protocol ? { protocol } : {}),
  };
}

/** A reader's findings as the model: syntax errors counted (the first one noted first), registrations merged. */
export function modelOf(
  source: SourceFile,
  tree: Tree,
  language: SourceLanguage,
  found: {
    detected: DetectedFrameworks;
    address: ServerAddress;
    log: RegistrationLog;
    names: 'exact' | 'case-insensitive-first' | 'case-insensitive-last';
  },
): ServerSourceModel {
  const { detected, log } = found;
  const notes: SourceNote[] = log.notes;
  const errors = syntaxErrorsOf(tree, source);
  if (errors.note) notes.unshift(errors.note);
  return {
    file: source.file,
    language,
    isServer: detected.markers.length > 0,
    frameworks: detected.frameworks,
    ...(detected.protocol ? { protocol: detected.protocol } : {}),
    markers: detected.markers,
    ...found.address,
    functions: mergeRegistrations(log.registered, found.names),
    notes,
    syntaxErrors: errors.count,
  };
}
