import type { Handlers } from '../../../src-shared/contract';
import { importFile } from '../fileImport';
import type { CoreDeps } from './context';

export function fileImportHandlers(deps: CoreDeps): Pick<Handlers, 'import.file'> {
  return {
    'import.file': (request) => importFile(deps, request),
  };
}
