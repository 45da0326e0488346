import { parseHash } from './lib/router';
import { startSettingsEarly } from './lib/settings';
import { startPortfolioEarly } from './pages/portfolio/loadPortfolio';

// The first module main.tsx imports, so this runs before React and the pages' modules are evaluated:
// opening Pulse on its home screen starts the portfolio's core calls at once, and any screen its settings.
if (parseHash(window.location.hash).name === 'portfolio') startPortfolioEarly();
startSettingsEarly();
