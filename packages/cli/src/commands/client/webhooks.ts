// `cardepass webhooks endpoints …`: where the platform pushes the customer's
// events. The signing secret is printed on create and rotate-secret only (the
// API never shows it again), with a reminder on stderr to keep it.
import { InvalidArgumentError, type Command } from 'commander';
import { EVENT_TYPES } from '@cardepass/contract';
import type { DeliveryFaults, EventType, UpdateWebhookEndpointRequest, WebhookEndpoint, WebhookEndpointWithSecret } from '@cardepass/sdk';
import { action, addApiOptions, apiContext } from '../../api-context.ts';
import { note, printFields, printResult, printTable, type Column } from '../../output.ts';
import { printEvent } from './events.ts';

/** "order.completed,card.updated" → the types, each checked, so a typo fails before any request. */
export function parseEventTypes(value: string): EventType[] {
  const types = value.split(',').map((type) => type.trim()).filter(Boolean);
  const unknown = types.filter((type) => !(EVENT_TYPES as readonly string[]).includes(type));
  if (types.length === 0 || unknown.length) throw new InvalidArgumentError(`unknown event type ${unknown.join(', ') || "''"}; expected some of ${EVENT_TYPES.join(', ')}.`);
  return [...new Set(types)] as EventType[];
}

function parseRate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1.');
  return n;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 300) throw new InvalidArgumentError('expected whole seconds from 0 to 300.');
  return n;
}

const ENDPOINT_COLUMNS: Column<WebhookEndpoint>[] = [
  { header: 'Endpoint id', value: (e) => e.endpointId },
  { header: 'Status', value: (e) => e.status },
  { header: 'Events', value: (e) => (e.eventTypes ? e.eventTypes.join(',') : 'all') },
  { header: 'Created', value: (e) => e.createdOn },
  { header: 'Url', value: (e) => e.url },
];

function printEndpoint(endpoint: WebhookEndpoint | WebhookEndpointWithSecret): void {
  printFields({
    endpointId: endpoint.endpointId, url: endpoint.url, status: endpoint.status, disabledReason: endpoint.disabledReason,
    eventTypes: endpoint.eventTypes ?? 'all', description: endpoint.description,
    deliveryFaults: endpoint.deliveryFaults ? `duplicateRate ${endpoint.deliveryFaults.duplicateRate}, reorderWindowS ${endpoint.deliveryFaults.reorderWindowS}` : null,
    createdOn: endpoint.createdOn, modifiedOn: endpoint.modifiedOn,
    ...('secret' in endpoint ? { secret: endpoint.secret } : {}),
  });
}

/** The endpoint with its new secret, and the reminder that it is shown only now. */
function printWithSecret(json: boolean, endpoint: WebhookEndpointWithSecret): void {
  printResult(json, endpoint, printEndpoint);
  note('Keep the secret now: it is not shown again (verify webhook-signature with it).');
}

interface FaultFlags { duplicateRate?: number; reorderWindowS?: number }

function faultsOf(flags: FaultFlags): DeliveryFaults | undefined {
  if (flags.duplicateRate === undefined && flags.reorderWindowS === undefined) return undefined;
  return { duplicateRate: flags.duplicateRate ?? 0, reorderWindowS: flags.reorderWindowS ?? 0 };
}

const addFaultOptions = (command: Command) => command
  .option('--duplicate-rate <rate>', 'sandbox: share of deliveries sent twice, 0 to 1', parseRate)
  .option('--reorder-window-s <seconds>', 'sandbox: delay each first attempt by up to this many seconds, 0 to 300', parseSeconds);

interface UpdateFlags extends FaultFlags {
  endpointUrl?: string; events?: EventType[]; allEvents?: boolean; description?: string; clearDescription?: boolean;
  enable?: boolean; disable?: boolean; noFaults?: boolean;
}

function updateBody(flags: UpdateFlags): UpdateWebhookEndpointRequest {
  if (flags.events && flags.allEvents) throw new Error('pass either --events or --all-events');
  if (flags.enable && flags.disable) throw new Error('pass either --enable or --disable');
  if (flags.description !== undefined && flags.clearDescription) throw new Error('pass either --description or --clear-description');
  const faults = faultsOf(flags);
  if (faults && flags.noFaults) throw new Error('pass either the fault options or --no-faults');
  const body: UpdateWebhookEndpointRequest = {
    ...(flags.endpointUrl !== undefined ? { url: flags.endpointUrl } : {}),
    ...(flags.events ? { eventTypes: flags.events } : flags.allEvents ? { eventTypes: null } : {}),
    ...(flags.description !== undefined ? { description: flags.description } : flags.clearDescription ? { description: null } : {}),
    ...(flags.enable ? { status: 'Enabled' as const } : flags.disable ? { status: 'Disabled' as const } : {}),
    ...(faults ? { deliveryFaults: faults } : flags.noFaults ? { deliveryFaults: null } : {}),
  };
  if (Object.keys(body).length === 0) throw new Error('nothing to change: pass --endpoint-url, --events, --all-events, --description, --enable, --disable or a fault option');
  return body;
}

export function registerWebhookCommands(program: Command): void {
  const webhooks = addApiOptions(program.command('webhooks'))
    .description('Webhook endpoints: where your events are pushed, signed (Standard Webhooks)')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError(false);
  const endpoints = webhooks.command('endpoints')
    .description('Create, list, change, test and recover webhook endpoints (at most 10)')
    .configureHelp({ showGlobalOptions: true });

  // The endpoint's URL is an argument (create) or --endpoint-url (update): --url is the API's, on every command.
  addFaultOptions(endpoints.command('create'))
    .description('Register a URL for your events; prints its signing secret once')
    .argument('<endpointUrl>', 'https URL to deliver to (the sandbox also accepts http and localhost)')
    .option('--events <types>', `comma-separated event types (default: all), of ${EVENT_TYPES.join(', ')}`, parseEventTypes)
    .option('--description <text>', 'what the endpoint is for')
    .action(action(async (endpointUrl: string, flags: FaultFlags & { events?: EventType[]; description?: string }, command: Command) => {
      const { client, json } = apiContext(command);
      const faults = faultsOf(flags);
      const endpoint = await client.webhookEndpoints.create({
        url: endpointUrl, ...(flags.events ? { eventTypes: flags.events } : {}),
        ...(flags.description !== undefined ? { description: flags.description } : {}), ...(faults ? { deliveryFaults: faults } : {}),
      });
      printWithSecret(json, endpoint);
    }));

  endpoints.command('list')
    .description('Your webhook endpoints')
    .action(action(async (_flags: object, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, await client.webhookEndpoints.list(), (rows) => printTable(rows, ENDPOINT_COLUMNS, 'No webhook endpoints.'));
    }));

  endpoints.command('get')
    .description('One endpoint: URL, event types, status and why it was disabled')
    .argument('<endpointId>', 'endpoint id (we_…)')
    .action(action(async (endpointId: string, _flags: object, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, await client.webhookEndpoints.retrieve(endpointId), printEndpoint);
    }));

  addFaultOptions(endpoints.command('update'))
    .description('Change an endpoint: only what is passed changes')
    .argument('<endpointId>', 'endpoint id (we_…)')
    .option('--endpoint-url <url>', 'new URL to deliver to')
    .option('--events <types>', 'comma-separated event types', parseEventTypes)
    .option('--all-events', 'send every event type')
    .option('--description <text>', 'new description')
    .option('--clear-description', 'remove the description')
    .option('--enable', 'resume deliveries (also after the platform disabled it)')
    .option('--disable', 'pause deliveries')
    .option('--no-faults', 'sandbox: stop injecting delivery faults')
    .action(action(async (endpointId: string, flags: UpdateFlags & { faults?: boolean }, command: Command) => {
      const { client, json } = apiContext(command);
      const body = updateBody({ ...flags, noFaults: flags.faults === false });
      printResult(json, await client.webhookEndpoints.update(endpointId, body), printEndpoint);
    }));

  endpoints.command('delete')
    .description('Delete an endpoint: nothing more is delivered to it')
    .argument('<endpointId>', 'endpoint id (we_…)')
    .action(action(async (endpointId: string, _flags: object, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, await client.webhookEndpoints.delete(endpointId), printEndpoint);
    }));

  endpoints.command('rotate-secret')
    .description('A new signing secret; for 24 hours deliveries are signed with the old and the new one')
    .argument('<endpointId>', 'endpoint id (we_…)')
    .action(action(async (endpointId: string, _flags: object, command: Command) => {
      const { client, json } = apiContext(command);
      printWithSecret(json, await client.webhookEndpoints.rotateSecret(endpointId));
    }));

  endpoints.command('test')
    .description('Send a webhook.test event to the endpoint')
    .argument('<endpointId>', 'endpoint id (we_…)')
    .action(action(async (endpointId: string, _flags: object, command: Command) => {
      const { client, json } = apiContext(command);
      const event = await client.webhookEndpoints.test(endpointId);
      printResult(json, event, printEvent);
      note(`How it went: cardepass events deliveries ${event.eventId}`);
    }));

  endpoints.command('recover')
    .description('Queue again every delivery to the endpoint that failed since a time')
    .argument('<endpointId>', 'endpoint id (we_…)')
    .requiredOption('--since <date>', 'ISO 8601 date or date-time (UTC), within the event retention')
    .action(action(async (endpointId: string, flags: { since: string }, command: Command) => {
      const { client, json } = apiContext(command);
      printResult(json, await client.webhookEndpoints.recover(endpointId, flags.since), (queued) => printFields({ ...queued }));
    }));
}
