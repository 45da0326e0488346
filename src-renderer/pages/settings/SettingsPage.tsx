import { useEffect, useState } from 'react';
import { ConnectionsSection } from './ConnectionsSection';
import { GeneralSection } from './GeneralSection';
import { HealthSection } from './health/HealthSection';
import { MappingSection } from './MappingSection';
import './settings.css';

const sections = [
  { id: 'section-connections', heading: 'settings-connections', label: 'Connections' },
  { id: 'section-mapping', heading: 'settings-mapping', label: 'Account mapping' },
  { id: 'section-health', heading: 'settings-health', label: 'Health and alerts' },
  { id: 'section-general', heading: 'settings-general', label: 'General' },
] as const;

/**
 * Settings on one page (so search-in-page finds anything), with a sticky index that jumps to each
 * section and marks the one in view.
 */
export function SettingsPage() {
  const [current, setCurrent] = useState<string>(sections[0].id);

  useEffect(() => {
    const observer = new IntersectionObserver(
      (entries) => {
        const visible = entries
          .filter((entry) => entry.isIntersecting)
          .sort((a, b) => a.boundingClientRect.top - b.boundingClientRect.top);
        if (visible[0]) setCurrent(visible[0].target.id);
      },
      { rootMargin: '0px 0px -60% 0px' },
    );
    for (const section of sections) {
      const element = document.getElementById(section.id);
      if (element) observer.observe(element);
    }
    return () => observer.disconnect();
  }, []);

  const jump = (id: string, heading: string): void => {
    const target = document.getElementById(id);
    if (!target) return;
    target.scrollIntoView({
      block: 'start',
      behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    });
    const title = document.getElementById(heading);
    if (title) {
      title.tabIndex = -1;
      title.focus({ preventScroll: true });
    }
    setCurrent(id);
  };

  return (
    <div className="page settings-page">
      <nav className="settings-index" aria-label="Settings sections">
        <ul>
          {sections.map((section) => (
            <li key={section.id}>
              <button
                type="button"
                className="settings-index-link"
                aria-current={current === section.id ? 'true' : undefined}
                onClick={() => jump(section.id, section.heading)}
              >
                {section.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-body">
        <ConnectionsSection />
        <MappingSection />
        <HealthSection />
        <GeneralSection />
      </div>
    </div>
  );
}
