/**
 * The intake channels (S2-2, S4-4.6): every report enters through one of them, and all of them
 * share one serial-number system (S4-4.4). The id is what `INTAKE_API_KEYS` and the `channel`
 * column use; the name is what a person in the centre reads.
 */
export const CHANNELS = [
  { id: 'grid-app', name: '网格员' },
  { id: 'hotline', name: '热线' },
  { id: 'wechat', name: '微信' },
  { id: 'provincial', name: '省平安系统' },
  { id: 'patrol', name: '巡查员' },
  { id: 'web', name: '网页表单' },
] as const;

export type ChannelId = (typeof CHANNELS)[number]['id'];

export const CHANNEL_IDS: readonly ChannelId[] = CHANNELS.map((c) => c.id);

export function isChannelId(value: string): value is ChannelId {
  return (CHANNEL_IDS as readonly string[]).includes(value);
}

export function channelName(id: string): string {
  return CHANNELS.find((c) => c.id === id)?.name ?? id;
}
