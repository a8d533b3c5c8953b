// `cardepass events …`: what happened (the events pushed to webhook endpoints),
// each event's deliveries attempt by attempt, and sending one again.
import { InvalidArgumentError, type Command } from 'commander';
import { EVENT_TYPES } from '@cardepass/contract';
import type { CardepassEvent, Delivery, DeliveryAttempt, EventType } from '@cardepass/sdk';
import {
  action, addApiOptions, apiContext, DEFAULT_LIST_LIMIT, pageSizeFor, parseLimit,
} from '../../api-context.ts';
import { printFields, printJson, printResult, printTable, type Column } from '../../output.ts';

function parseEventType(value: string): EventType {
  if (!(EVENT_TYPES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${EVENT_TYPES.join(', ')}.`);
  return value as EventType;
}

export const EVENT_COLUMNS: Column<CardepassEvent>[] = [
  { header: 'Time', value: (e) => e.timestamp },
  { header: 'Event id', value: (e) => e.eventId },
  { header: 'Type', value: (e) => e.type },
  { header: 'Card', value: (e) => e.cardId },
  { header: 'Sequence', value: (e) => e.sequence },
];

/** One row per attempt (a delivery not tried yet is one row too), so the log reads top to bottom. */
interface AttemptRow { delivery: Delivery; attempt: DeliveryAttempt | undefined }

const ATTEMPT_COLUMNS: Column<AttemptRow>[] = [
  { header: 'Endpoint', value: (r) => r.delivery.endpointId },
  { header: 'Delivery', value: (r) => r.delivery.status },
  { header: 'Attempted', value: (r) => r.attempt?.attemptedOn },
  { header: 'Http', value: (r) => r.attempt?.httpStatus },
  { header: 'Duration ms', value: (r) => r.attempt?.durationMs },
  { header: 'Next attempt', value: (r) => (r.attempt ? r.attempt.nextAttemptOn : r.delivery.nextAttemptOn) },
  { header: 'Error', value: (r) => r.attempt?.error },
];

export function printEvent(event: CardepassEvent): void {
  printFields({ eventId: event.eventId, type: event.type, timestamp: event.timestamp, cardId: event.cardId, sequence: event.sequence });
  process.stdout.write('data:\n');
  printJson(event.data);
}

export function registerEventCommands(program: Command): void {
  const events = addApiOptions(program.command('events'))
    .description('Your events (kept 30 days) and their webhook deliveries')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError(false);

  events.command('list')
    .description('Events newest first')
    .option('--type <eventType>', `only this type: ${EVENT_TYPES.join(' | ')}`, parseEventType)
    .option('--card <cardId>', 'only events about this card')
    .option('--from <date>', 'from this date or date-time (ISO 8601, UTC; a date covers the whole day)')
    .option('--to <date>', 'up to this date or date-time, inclusive')
    .option('--limit <n>', 'at most this many events', parseLimit, DEFAULT_LIST_LIMIT)
    .action(action(async (flags: { type?: EventType; card?: string; from?: string; to?: string; limit: number }, command: Command) => {
      const { client, json } = apiContext(command);
      const rows = await client.events.list({
        pageSize: pageSizeFor(flags.limit),
        ...(flags.type ? { eventType: flags.type } : {}), ...(flags.card ? { cardId: flags.card } : {}),
        ...(flags.from ? { dateFrom: flags.from } : {}), ...(flags.to ? { dateTo: flags.to } : {}),
      }).toArray(flags.limit);
      printResult(json, rows, (list) => printTable(list, EVENT_COLUMNS, 'No events.'));
    }));

  events.command('get')
    .description('One event, with its data exactly as it is delivered')
    .argument('<eventId>', 'event id (evt_…)')
    .action(action(async (eventId: string, _flags: object, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, await client.events.retrieve(eventId), printEvent);
    }));

  events.command('deliveries')
    .description("The event's deliveries to each endpoint, attempt by attempt")
    .argument('<eventId>', 'event id (evt_…)')
    .action(action(async (eventId: string, _flags: object, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, await client.events.deliveries(eventId), (deliveries) => {
        const rows = deliveries.flatMap((delivery) => (delivery.attempts.length ? delivery.attempts : [undefined]).map((attempt) => ({ delivery, attempt })));
        printTable(rows, ATTEMPT_COLUMNS, 'No deliveries: no endpoint was subscribed to this event.');
      });
    }));

  events.command('resend')
    .description('Deliver the event again: to one endpoint, or to every enabled endpoint subscribed to its type')
    .argument('<eventId>', 'event id (evt_…)')
    .option('--endpoint <endpointId>', 'only to this endpoint')
    .action(action(async (eventId: string, flags: { endpoint?: string }, command: Command) => {
      const { client, json } = apiContext(command);
      const queued = await client.events.resend(eventId, flags.endpoint ? { endpointId: flags.endpoint } : {});
      printResult(json, queued, (answer) => printFields({ ...answer }));
    }));
}
