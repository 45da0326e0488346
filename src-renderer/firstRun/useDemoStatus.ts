import { useEffect } from 'react';
import type { DemoStatus } from '../../src-shared/contract/demo';
import { bridge } from '../lib/bridge';
import { useCoreData } from '../lib/useCoreData';

/** Whether this workspace is the demo; refetched when connections or customers change and as the set-up moves on. */
export function useDemoStatus(): DemoStatus | null {
  const data = useCoreData(() => bridge.call('demo.status', {}), ['connections', 'customers']);
  const { reload } = data;
  useEffect(() => bridge.on('demo.progress', reload), [reload]);
  return data.value;
}
