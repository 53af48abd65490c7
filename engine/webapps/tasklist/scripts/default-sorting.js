// Tasklist sorts its list by what the `sorting` parameter of the page address says and falls back
// to 创建时间 (newest first); the filter's own sorting is not read. This script, loaded through
// `customScripts` in config.js, gives the list address the platform's default when it has none:
// most urgent first (到期日期 ascending). A sort chosen in the list's menu stays in the address.
const DEFAULT_SORTING = JSON.stringify([{ sortBy: 'dueDate', sortOrder: 'asc' }]);

function ensureSorting() {
  const hash = window.location.hash || '#/';
  if (!hash.startsWith('#/')) return;
  const [path, query = ''] = hash.slice(1).split('?');
  if (path !== '/') return; // only the task list (not the login page)
  const params = new URLSearchParams(query);
  if (params.has('sorting')) return;
  params.set('sorting', DEFAULT_SORTING);
  window.location.replace(`#${path}?${params.toString()}`);
}

ensureSorting();
window.addEventListener('hashchange', ensureSorting);

export default [];
