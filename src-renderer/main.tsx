// First: starts the home screen's core calls before the rest of the app is loaded.
import './startEarly';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The app (React, the pages, ECharts: ~0.9 MB of script) is a chunk of its own. The browser fetches,
// parses and runs it while the core answers the calls above: in one bundle, its parsing came before
// them (~150-200 ms of a ~1 s portfolio start).
import('./boot')
  .then(({ boot }) => boot(root))
  .catch((error: unknown) => {
    // A missing or damaged chunk (a broken install): say so instead of leaving a blank window.
    root.textContent = `CSCX Pulse could not load its screens (${error instanceof Error ? error.message : String(error)}). Reinstall the app; your data is untouched.`;
  });
