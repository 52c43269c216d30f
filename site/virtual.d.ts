// The module the opsbook integration (src/site/integration.ts) gives the pages.
declare module 'virtual:opsbook/manual' {
  const data: import('../src/site/data.ts').SiteData;
  export default data;
}
