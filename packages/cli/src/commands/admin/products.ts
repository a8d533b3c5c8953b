// `cardepass admin products …`: what customers can issue — card models,
// currencies, BIN range and fee schedule.
import { InvalidArgumentError, type Command } from 'commander';
import {
  CARD_MODELS, CARD_ORGANIZATIONS, CHARGE_METHOD_TYPES, FEE_CODES,
  type admin, type CardModel, type CardOrganization, type ChargeMethodType, type FeeCode,
} from '@cardepass/contract';
import type { AdminProduct } from '../../admin-client.ts';
import { printFields, printResult, printTable, type Column } from '../../output.ts';
import { adminContext } from './connection.ts';

type CreateProductRequest = admin.CreateProductRequest;
type FeeSchedule = NonNullable<CreateProductRequest['fees']>;
type FeeRuleInput = NonNullable<FeeSchedule[FeeCode]>;

interface ProductFlags {
  code: string; name: string; description?: string; models: CardModel[]; currencies: string[];
  bin: string; organization?: CardOrganization; validityMonths?: number; fee?: FeeSchedule;
}

/** The contract's spelling of a value typed in any case ("visa" → "VISA"), or undefined. */
function canonical<T extends string>(allowed: readonly T[], value: string): T | undefined {
  return allowed.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
}

const commaList = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);

function parseModels(value: string): CardModel[] {
  return commaList(value).map((item) => {
    const model = canonical(CARD_MODELS, item);
    if (!model) throw new InvalidArgumentError(`card model '${item}' is not one of ${CARD_MODELS.join(', ')}.`);
    return model;
  });
}

function parseOrganization(value: string): CardOrganization {
  const organization = canonical(CARD_ORGANIZATIONS, value);
  if (!organization) throw new InvalidArgumentError(`expected ${CARD_ORGANIZATIONS.join(' or ')}.`);
  return organization;
}

function parseMonths(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number of months.');
  return Number(value);
}

/**
 * One --fee CODE=Fixed:AMOUNT or CODE=Percent:FRACTION, added to the schedule.
 * Fee codes are checked here because the server drops unknown keys of the
 * fee object silently: a typo would otherwise create a product without the fee.
 */
function addFee(value: string, schedule: FeeSchedule = {}): FeeSchedule {
  const match = /^([^=]+)=([^:]+):(.+)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected CODE=Fixed:AMOUNT or CODE=Percent:FRACTION, e.g. CARD_TOPUP=Percent:0.015.');
  const [, codeText, methodText, amount] = match as unknown as [string, string, string, string];
  const code = canonical(FEE_CODES, codeText);
  if (!code) throw new InvalidArgumentError(`fee code '${codeText}' is not one of ${FEE_CODES.join(', ')}.`);
  const method = canonical(CHARGE_METHOD_TYPES, methodText);
  if (!method) throw new InvalidArgumentError(`charge method '${methodText}' is not one of ${CHARGE_METHOD_TYPES.join(', ')}.`);
  if (schedule[code]) throw new InvalidArgumentError(`${code} is given twice.`);
  // Values go as text: the server parses amounts and fractions exactly.
  const rule: FeeRuleInput = method === 'Fixed' ? { chargeMethodType: method, fixedValue: amount.trim() } : { chargeMethodType: method, percent: amount.trim() };
  return { ...schedule, [code]: rule };
}

/** A fee rule in the same CODE=Method:value form --fee takes, so a listing can be pasted back. */
function feeText(fee: AdminProduct['fees'][number]): string {
  const method: ChargeMethodType = fee.chargeMethodType;
  return `${fee.feeCode}=${method}:${method === 'Fixed' ? fee.fixedValue : fee.percent}`;
}

const PRODUCT_COLUMNS: Column<AdminProduct>[] = [
  { header: 'Code', value: (p) => p.productCode },
  { header: 'Name', value: (p) => p.productName },
  { header: 'Models', value: (p) => p.cardModels.join(',') },
  { header: 'Currencies', value: (p) => p.cardCurrency.join(',') },
  { header: 'Network', value: (p) => p.cardOrganization },
  { header: 'BIN', value: (p) => p.binRange },
  { header: 'Months', value: (p) => p.validityMonths },
  { header: 'Fees', value: (p) => p.fees.map(feeText).join(' ') || '-' },
];

function printProduct(product: AdminProduct): void {
  printFields({
    productCode: product.productCode, productName: product.productName, description: product.description,
    cardModels: product.cardModels, cardCurrency: product.cardCurrency, cardOrganization: product.cardOrganization,
    binRange: product.binRange, validityMonths: product.validityMonths, fees: product.fees.map(feeText), createdOn: product.createdOn,
  });
}

export function registerProductCommands(adminCommand: Command): void {
  const products = adminCommand.command('products').description('Create and list card products');

  products.command('create')
    .description('Create a product with its card models, currencies, BIN range and fee schedule')
    .requiredOption('--code <code>', 'product code (letters, digits, _ and -)')
    .requiredOption('--name <name>', 'product name')
    .requiredOption('--models <models>', `card models, comma-separated: ${CARD_MODELS.join(',')}`, parseModels)
    .requiredOption('--currencies <codes>', 'card currencies, comma-separated, e.g. USD,EUR', (value) => commaList(value).map((c) => c.toUpperCase()))
    .requiredOption('--bin <digits>', 'BIN prefix of the cards, 6 to 8 digits')
    .option('--organization <network>', `${CARD_ORGANIZATIONS.join(' | ')} (default: VISA for a BIN starting with 4, else Mastercard)`, parseOrganization)
    .option('--validity-months <months>', 'card validity in months (server default 36)', parseMonths)
    .option('--description <text>', 'description')
    .option('--fee <rule>', `fee rule, repeatable: CODE=Fixed:AMOUNT or CODE=Percent:FRACTION; CODE is one of ${FEE_CODES.join(', ')}`, addFee)
    .action(async (flags: ProductFlags, command: Command) => {
      const { client, json } = adminContext(command);
      const body: CreateProductRequest = {
        productCode: flags.code, productName: flags.name, cardModels: flags.models, cardCurrency: flags.currencies, binRange: flags.bin,
        ...(flags.description !== undefined ? { description: flags.description } : {}),
        ...(flags.organization ? { cardOrganization: flags.organization } : {}),
        ...(flags.validityMonths !== undefined ? { validityMonths: flags.validityMonths } : {}),
        ...(flags.fee ? { fees: flags.fee } : {}),
      };
      printResult(json, await client.createProduct(body), printProduct);
    });

  products.command('list')
    .description('List products with their fee schedules and BIN ranges')
    .action(async (_flags: object, command: Command) => {
      const { client, json } = adminContext(command);
      printResult(json, await client.listProducts(), (rows) => printTable(rows, PRODUCT_COLUMNS, 'No products.'));
    });
}
