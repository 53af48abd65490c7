// Overrides the webapp's own scripts/config.js (served from this engine's resources, which come
// before the Operaton webjar on the class path). Chinese is the only offered locale, so every user
// sees Chinese whatever the browser asks for; the texts are in ../locales/zh.json.
export default {
  app: {
    name: '任务列表',
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
  // Default sorting of the task list: 到期日期 ascending (see default-sorting.js).
  customScripts: ['scripts/default-sorting'],
  locales: {
    availableLocales: ['zh'],
    fallbackLocale: 'zh'
  },
  shortcuts: {
    claimTask: {
      key: 'ctrl+alt+c',
      description: '认领当前选中的任务'
    },
    focusFilter: {
      key: 'ctrl+shift+f',
      description: '将焦点移到第一个筛选器'
    },
    focusList: {
      key: 'ctrl+alt+l',
      description: '将焦点移到列表中的第一个任务'
    },
    focusForm: {
      key: 'ctrl+alt+f',
      description: '将焦点移到任务表单的第一个输入框'
    },
    startProcess: {
      key: 'ctrl+alt+p',
      description: '打开发起流程对话框'
    }
  }
};
