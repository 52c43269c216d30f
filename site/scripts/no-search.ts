// What the search box says when search cannot run: why, and the A–Z index instead. Opened
// from disk (file://), the browser lets no page read the search index's files; the search
// page's markup holds the longer explanation (#search-unavailable), shown then.
import { fromDisk, pageUrl } from './root.ts';

export function searchUnavailable(status: HTMLElement): void {
  const why = fromDisk()
    ? 'Search does not work in a copy opened from disk (file://): the browser does not let the page read its index. '
    : 'Search could not load. ';
  const index = document.createElement('a');
  index.href = pageUrl('runbooks/').href;
  index.textContent = 'Use the A–Z index';
  status.replaceChildren(why, index, '.');
  const notice = document.getElementById('search-unavailable');
  if (!notice || !fromDisk()) return;
  notice.hidden = false;
  document.getElementById('search-hint')?.setAttribute('hidden', '');
}
