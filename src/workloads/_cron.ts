import { IConstruct } from 'constructs';
import { fail, show } from '../_errors';

/** The five fields of a cron schedule as Kubernetes parses them, with their ranges and names. */
export const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59, names: [] as string[] },
  { name: 'hour', min: 0, max: 23, names: [] as string[] },
  { name: 'day of month', min: 1, max: 31, names: [] as string[] },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];
/** The schedules Kubernetes accepts instead of five fields. */
export const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/**
 * Checks a CronJob schedule as Kubernetes parses it (standard five-field
 * cron, or a macro such as `@daily`); the smallest resolution is one minute.
 */
export function checkCronSchedule(scope: IConstruct, field: string, schedule: string): void {
  const bad = (why: string): never => fail(scope, field, `${why}, got ${show(schedule)}`);
  const text = (schedule ?? '').trim();
  if (/^(CRON_)?TZ=/.test(text)) bad("must not carry a time zone: set 'timeZone' instead");
  if (text.startsWith('@')) {
    if (!CRON_MACROS.includes(text)) bad(`must be five fields 'minute hour day-of-month month day-of-week' or one of ${CRON_MACROS.join(', ')} (the smallest resolution is one minute)`);
    return;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== 5) {
    bad(`must have five fields 'minute hour day-of-month month day-of-week' (the smallest resolution is one minute, so there is no seconds field), found ${parts.length}`);
  }
  parts.forEach((part, i) => {
    const problem = checkField(part, CRON_FIELDS[i], i >= 2);
    if (problem) bad(`${CRON_FIELDS[i].name} field ${show(part)} ${problem}`);
  });
}

function checkField(part: string, spec: typeof CRON_FIELDS[number], allowQuestion: boolean): string | undefined {
  for (const item of part.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined) return 'has more than one step';
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return `has step '${step}', which must be a positive integer`;
    if (range === '*' || (range === '?' && allowQuestion)) continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `has range '${range}' with more than one '-'`;
    const values = bounds.map(b => valueOf(b, spec));
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (v === undefined) return `holds '${bounds[k]}', which is not a number${spec.names.length ? ` or one of ${spec.names.join(', ')}` : ''}`;
      if (v < spec.min || v > spec.max) return `holds ${v}, outside ${spec.min}-${spec.max}`;
    }
    if (values.length === 2 && values[0]! > values[1]!) return `has range '${range}' whose start is after its end`;
  }
  return undefined;
}

function valueOf(token: string, spec: typeof CRON_FIELDS[number]): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const index = spec.names.indexOf(token.toUpperCase());
  if (index < 0) return undefined;
  return spec.name === 'month' ? index + 1 : index;
}
