// Overrides the webapp's own scripts/config.js (served from this engine's resources, which come
// before the Operaton webjar on the class path). Chinese is the only offered locale, so every user
// sees Chinese whatever the browser asks for; the texts are in ../locales/zh.json.
export default {
  app: {
    name: '欢迎',
    vendor: 'Operaton'
  },
  dateFormat: {
    monthName: 'MMMM',
    day: 'DD',
    abbr: 'lll',
    normal: 'LLL',
    long: 'LLLL',
    short: 'LL'
  },
  locales: {
    availableLocales: ['zh'],
    fallbackLocale: 'zh'
  }
};
