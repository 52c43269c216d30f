// What the search box says when search cannot run: why, and the A–Z index instead. Opened
// from disk (file://), the index is read from classic scripts beside it (search/*.js); when
// those are missing or blocked, the search page's markup holds the longer explanation
// (#search-unavailable), shown then.
import { fromDisk, pageUrl } from './root.ts';

export function searchUnavailable(status: HTMLElement): void {
  const why = fromDisk() ? 'Search could not read its index in this copy opened from disk (file://). ' : 'Search could not load. ';
  const index = document.createElement('a');
  index.href = pageUrl('runbooks/').href;
  index.textContent = 'Use the A–Z index';
  status.replaceChildren(why, index, '.');
  const notice = document.getElementById('search-unavailable');
  if (!notice || !fromDisk()) return;
  notice.hidden = false;
  document.getElementById('search-hint')?.setAttribute('hidden', '');
}
