import { EntitySchema } from 'typeorm';

/**
 * Local calendar entries edited by administrators: an override of one day, or a day of a year's
 * official arrangement entered when the State Council publishes it (`officialYear` set).
 */
export interface CalendarDay {
  id: number;
  date: string;
  working: boolean;
  name: string | null;
  officialYear: number | null;
  updatedBy: string | null;
  updatedAt: Date;
}

export const CalendarDayEntity = new EntitySchema<CalendarDay>({
  name: 'CalendarDay',
  tableName: 'calendar_day',
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    date: { type: String, length: 10, unique: true },
    working: { type: Boolean },
    name: { type: String, length: 64, nullable: true },
    officialYear: { name: 'official_year', type: Number, nullable: true },
    updatedBy: { name: 'updated_by', type: String, length: 64, nullable: true },
    updatedAt: { name: 'updated_at', type: Date, updateDate: true },
  },
});
