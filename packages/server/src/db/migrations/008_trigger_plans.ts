/**
 * Plans of the statements inside the trigger functions. Store.transaction sets
 * plan_cache_mode = force_custom_plan for its transaction (a generic plan
 * cannot see how few rows an array parameter names), and that setting reaches
 * the statements plpgsql runs inside triggers too: every event's counter
 * update, event insert and endpoint probe was planned again on every call. A
 * profile of the authorization benchmark put that planning at 11 % of
 * PostgreSQL's CPU. These statements take scalars (ids, one row's values), so a
 * plan made for one execution is as good for the next: back to PostgreSQL's
 * default (custom plans for the first five executions of a connection, then
 * the generic plan unless it costs more) while these functions run. The
 * transaction's own statements keep custom plans; the setting is restored when
 * each function returns.
 */
export const up = /* sql */ `
ALTER FUNCTION cardepass_emit_event(text, text, text, jsonb) SET plan_cache_mode = auto;
ALTER FUNCTION cardepass_order_event() SET plan_cache_mode = auto;
ALTER FUNCTION cardepass_card_event() SET plan_cache_mode = auto;
ALTER FUNCTION cardepass_transaction_event() SET plan_cache_mode = auto;
ALTER FUNCTION cardepass_deposit_event() SET plan_cache_mode = auto;
ALTER FUNCTION cardepass_audit_chain() SET plan_cache_mode = auto;
`;
