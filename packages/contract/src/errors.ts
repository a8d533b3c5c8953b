/**
 * The one table of error codes: errorCode → HTTP status → English and Chinese
 * message. Messages may carry {placeholders} filled from the error's params.
 * The README's error table is generated from this list (npm run docs:errors).
 */
export interface ErrorDefinition {
  status: number;
  en: string;
  zh: string;
}

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, en: "Invalid value for '{field}': {reason}", zh: "参数 '{field}' 无效：{reason}" },
  MALFORMED_JSON: { status: 400, en: 'The request body is not valid JSON', zh: '请求体不是有效的 JSON' },
  INVALID_AMOUNT: { status: 400, en: "Invalid amount '{field}': {reason}", zh: "金额 '{field}' 无效：{reason}" },
  AMOUNT_BELOW_MINIMUM: { status: 400, en: "'{field}' must be at least {minimum}", zh: "'{field}' 不能小于 {minimum}" },
  UNSUPPORTED_CURRENCY: { status: 400, en: "Currency '{currency}' is not offered by product '{productCode}'", zh: "产品 '{productCode}' 不支持币种 '{currency}'" },
  CARD_MODEL_NOT_SUPPORTED: { status: 400, en: "Product '{productCode}' does not offer {cardModel} cards", zh: "产品 '{productCode}' 不支持 {cardModel} 模式" },
  CARD_MODEL_MISMATCH: { status: 400, en: "Card '{cardId}' is a {cardModel} card; this endpoint is for {expected} cards", zh: "卡 '{cardId}' 是 {cardModel} 模式，本接口仅适用于 {expected} 模式" },
  CARD_NOT_ACTIVE: { status: 400, en: "Card '{cardId}' is {status}; only an Active card can be blocked", zh: "卡 '{cardId}' 当前状态为 {status}，只有 Active 状态的卡可以冻结" },
  CARD_NOT_BLOCKED: { status: 400, en: "Card '{cardId}' is {status}; only a Blocked card can be unblocked", zh: "卡 '{cardId}' 当前状态为 {status}，只有 Blocked 状态的卡可以解冻" },
  CARD_CANCELLED: { status: 400, en: "Card '{cardId}' is cancelled; no further operations are possible", zh: "卡 '{cardId}' 已注销，不能再进行任何操作" },
  CARD_EXPIRED: { status: 400, en: "Card '{cardId}' has expired", zh: "卡 '{cardId}' 已过期" },
  CARD_OPERATION_PENDING: { status: 409, en: "Card '{cardId}' has an order in progress ({pending}); retry when it has finished", zh: "卡 '{cardId}' 有处理中的订单（{pending}），请在其完成后重试" },
  CREDIT_LIMIT_BELOW_USED: { status: 400, en: "maxCreditAmount {maxCreditAmount} is below the usedCreditAmount {usedCreditAmount} of card '{cardId}'", zh: "总额度上限 maxCreditAmount {maxCreditAmount} 低于卡 '{cardId}' 的已消费额度 usedCreditAmount {usedCreditAmount}" },
  INSUFFICIENT_FUNDS: { status: 400, en: "The {currency} funding account's available balance is insufficient for {required}", zh: "{currency} 资金账户可用余额不足，需要 {required}" },
  INSUFFICIENT_CARD_BALANCE: { status: 400, en: "Card '{cardId}' available balance is insufficient for {required}", zh: "卡 '{cardId}' 可用余额不足，需要 {required}" },
  ORDER_NO_CONFLICT: { status: 409, en: "customerOrderNo '{customerOrderNo}' was already used for a different request", zh: "商户订单号 '{customerOrderNo}' 已用于另一笔不同的请求" },
  INVALID_DATE_RANGE: { status: 400, en: "'{field}' must not be later than '{other}'", zh: "'{field}' 不能晚于 '{other}'" },
  DATE_RANGE_TOO_LONG: { status: 400, en: 'A date range may cover at most {months} months', zh: '查询时间范围最多 {months} 个月' },
  INVALID_DATE: { status: 400, en: "'{field}' must be a date between 2000-01-01 and 2100-12-31", zh: "'{field}' 必须是 2000-01-01 至 2100-12-31 之间的日期" },
  PRODUCT_NOT_FOUND: { status: 404, en: "Product '{productCode}' does not exist", zh: "产品 '{productCode}' 不存在" },
  CARD_NOT_FOUND: { status: 404, en: "Card '{cardId}' does not exist", zh: "卡 '{cardId}' 不存在" },
  ORDER_NOT_FOUND: { status: 404, en: 'No such order', zh: '订单不存在' },
  ROUTE_NOT_FOUND: { status: 404, en: 'No endpoint {method} {url}', zh: '接口不存在：{method} {url}' },
  UNAUTHORIZED: { status: 401, en: 'A Bearer access token is required', zh: '缺少 Bearer 访问令牌' },
  INVALID_TOKEN: { status: 401, en: 'The access token is invalid or has expired', zh: '访问令牌无效或已过期' },
  INSUFFICIENT_SCOPE: { status: 403, en: "The access token's scope does not allow this endpoint", zh: '访问令牌的权限范围不允许调用此接口' },
  CUSTOMER_DISABLED: { status: 403, en: 'This customer account is disabled', zh: '该客户账户已被停用' },
  PAYLOAD_TOO_LARGE: { status: 413, en: 'The request body exceeds {limit} bytes', zh: '请求体超过 {limit} 字节' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, en: "Content-Type '{contentType}' is not supported; send application/json", zh: "不支持的 Content-Type '{contentType}'，请使用 application/json" },
  RATE_LIMITED: { status: 429, en: 'Too many requests; retry after {retryAfter} seconds', zh: '请求过于频繁，请 {retryAfter} 秒后重试' },
  INTERNAL_ERROR: { status: 500, en: 'Internal error; quote the responseId when contacting support', zh: '服务器内部错误，请提供 responseId 联系技术支持' },
  SERVICE_UNAVAILABLE: { status: 503, en: 'The service is temporarily unavailable; retry later', zh: '服务暂时不可用，请稍后重试' },
  CONSOLE_NOT_BUILT: { status: 503, en: 'The console is not built: run npm run build', zh: '控制台尚未构建：请运行 npm run build' },
  // Card transactions and the sandbox network.
  TRANSACTION_NOT_FOUND: { status: 404, en: "Transaction '{transactionId}' does not exist", zh: "交易 '{transactionId}' 不存在" },
  NOT_AN_AUTHORIZATION: { status: 400, en: "Transaction '{transactionId}' is a {transactionType}; this needs an authorization", zh: "交易 '{transactionId}' 是 {transactionType}，此操作需要授权交易" },
  AUTHORIZATION_NOT_PENDING: { status: 409, en: "Authorization '{transactionId}' is {status}; only a Pending authorization can be {action}", zh: "授权 '{transactionId}' 当前状态为 {status}，只有 Pending 状态的授权可以{action}" },
  TRANSACTION_NOT_SETTLED: { status: 409, en: "Authorization '{transactionId}' is {status}; only a settled (cleared) authorization can be refunded", zh: "授权 '{transactionId}' 当前状态为 {status}，只有已清算的交易可以退款" },
  AMOUNT_EXCEEDS_HOLD: { status: 400, en: "'amount' {amount} exceeds the open hold of {held}", zh: "'amount' {amount} 超过未结授权金额 {held}" },
  AMOUNT_EXCEEDS_TOLERANCE: { status: 400, en: "'amount' {amount} exceeds the authorized amount plus the over-capture tolerance ({maximum})", zh: "'amount' {amount} 超过授权金额加超额清算容差（{maximum}）" },
  AMOUNT_EXCEEDS_REFUNDABLE: { status: 400, en: "'amount' {amount} exceeds what is left to refund ({refundable})", zh: "'amount' {amount} 超过可退款金额（{refundable}）" },
  OVER_CAPTURE_DECLINED: { status: 409, en: 'The clearing exceeds the authorization by {extra} and {reason}', zh: '清算金额超过授权 {extra}，且{reason}' },
  REFERENCE_CONFLICT: { status: 409, en: "Reference '{reference}' was already used for a different {transactionType}", zh: "参考号 '{reference}' 已用于另一笔不同的{transactionType}" },
  // Events and webhooks.
  EVENT_NOT_FOUND: { status: 404, en: "Event '{eventId}' does not exist", zh: "事件 '{eventId}' 不存在" },
  WEBHOOK_ENDPOINT_NOT_FOUND: { status: 404, en: "Webhook endpoint '{endpointId}' does not exist", zh: "Webhook 端点 '{endpointId}' 不存在" },
  WEBHOOK_ENDPOINT_LIMIT: { status: 409, en: "A customer may have at most {limit} webhook endpoints", zh: "每个客户最多可创建 {limit} 个 Webhook 端点" },
  WEBHOOK_URL_REFUSED: { status: 400, en: "'{field}' is refused: {reason}", zh: "'{field}' 不被接受：{reason}" },
  DELIVERY_FAULTS_SANDBOX_ONLY: { status: 400, en: "'deliveryFaults' is available in the sandbox only", zh: "'deliveryFaults' 仅在沙箱环境可用" },
  // Operator (admin API) errors.
  ADMIN_UNAUTHORIZED: { status: 401, en: 'A valid admin key is required', zh: '需要有效的管理密钥' },
  TOO_MANY_FAILED_ATTEMPTS: { status: 429, en: 'Too many failed attempts; retry after {retryAfter} seconds', zh: '失败尝试次数过多，请 {retryAfter} 秒后重试' },
  // People, sessions and permissions (operator API and console).
  SIGN_IN_REQUIRED: { status: 401, en: 'Sign in, or present a valid admin key', zh: '请登录，或提供有效的管理密钥' },
  SIGN_IN_FAILED: { status: 401, en: 'The e-mail address or password is wrong', zh: '电子邮件地址或密码错误' },
  TOTP_REQUIRED: { status: 401, en: 'Enter the code of your authenticator app (or a recovery code)', zh: '请输入身份验证器应用中的验证码（或恢复码）' },
  TOTP_INVALID: { status: 401, en: 'The two-factor code is wrong or was already used', zh: '双因素验证码错误或已被使用' },
  TOTP_ENROLMENT_REQUIRED: { status: 403, en: 'Your organisation requires two-factor authentication: enrol an authenticator app first', zh: '所属组织要求双因素认证：请先绑定身份验证器应用' },
  TOTP_ALREADY_ENABLED: { status: 409, en: 'Two-factor authentication is already on; turn it off before enrolling another app', zh: '双因素认证已开启；如需绑定其他应用，请先关闭' },
  TOTP_NOT_SET_UP: { status: 409, en: 'No authenticator app is enrolled (or waiting for its first code): start enrolment first', zh: '尚未绑定身份验证器应用（或尚待验证首个验证码）：请先开始绑定' },
  TOTP_REQUIRED_BY_ORGANISATION: { status: 403, en: 'Your organisation requires two-factor authentication: it cannot be turned off', zh: '所属组织要求双因素认证，无法关闭' },
  CSRF_TOKEN_INVALID: { status: 403, en: "The request's X-CSRF-Token does not match the session; reload the page", zh: '请求的 X-CSRF-Token 与会话不匹配，请刷新页面' },
  FORBIDDEN: { status: 403, en: 'Your role ({role}) does not allow this ({permission})', zh: '您的角色（{role}）无权执行此操作（{permission}）' },
  USER_NOT_FOUND: { status: 404, en: "User '{userId}' does not exist", zh: "用户 '{userId}' 不存在" },
  USER_EXISTS: { status: 409, en: "A user with e-mail '{email}' already exists", zh: "电子邮件为 '{email}' 的用户已存在" },
  PASSWORD_TOO_WEAK: { status: 400, en: "'{field}' is too weak: {reason}", zh: "'{field}' 强度不足：{reason}" },
  RESET_LINK_INVALID: { status: 400, en: 'This password link is invalid, used or expired; ask an administrator for a new one', zh: '该密码链接无效、已使用或已过期，请联系管理员重新生成' },
  ROLE_NOT_ASSIGNABLE: { status: 403, en: "Your role may not give the role '{role}'", zh: "您的角色无权授予角色 '{role}'" },
  USER_SELF_CHANGE: { status: 403, en: 'You cannot change your own role or disable yourself; ask another administrator', zh: '不能修改自己的角色或停用自己，请联系其他管理员' },
  LAST_OWNER: { status: 409, en: 'The platform must keep at least one active owner', zh: '平台必须至少保留一名启用状态的所有者' },
  TOTP_NOT_ENROLLED: { status: 403, en: 'Enrol an authenticator app yourself before requiring two-factor for everyone', zh: '请先为自己绑定身份验证器应用，再要求所有人使用双因素认证' },
  AUDIT_ENTRY_NOT_FOUND: { status: 404, en: "Audit entry '{auditId}' does not exist", zh: "审计记录 '{auditId}' 不存在" },
  EXPORT_NOT_FOUND: { status: 404, en: "There is no export '{list}'; exports: {lists}", zh: "不存在导出 '{list}'；可用的导出：{lists}" },
  LEDGER_ACCOUNT_NOT_FOUND: { status: 404, en: "Ledger account '{accountId}' does not exist", zh: "账本账户 '{accountId}' 不存在" },
  LEDGER_ENTRY_NOT_FOUND: { status: 404, en: "Journal entry '{entryId}' does not exist", zh: "分录 '{entryId}' 不存在" },
  CUSTOMER_NOT_FOUND: { status: 404, en: "Customer '{customerId}' does not exist", zh: "客户 '{customerId}' 不存在" },
  CLIENT_NOT_FOUND: { status: 404, en: "Client '{clientId}' does not exist", zh: "客户端 '{clientId}' 不存在" },
  PRODUCT_EXISTS: { status: 409, en: "Product '{productCode}' already exists", zh: "产品 '{productCode}' 已存在" },
  DEPOSIT_REFERENCE_CONFLICT: { status: 409, en: "Deposit reference '{reference}' was already used with different parameters", zh: "入金参考号 '{reference}' 已用于不同的参数" },
  ADJUSTMENT_REFERENCE_CONFLICT: { status: 409, en: "Adjustment reference '{reference}' was already used with different parameters", zh: "调账参考号 '{reference}' 已用于不同的参数" },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;
/** A parameter in both languages, for reasons that are not just a value. */
export interface LocalizedText { en: string; zh: string }
export type ErrorParams = Record<string, string | number | bigint | LocalizedText>;

export function renderErrorMessage(code: ErrorCode, language: 'en' | 'zh', params: ErrorParams = {}): string {
  const template = ERRORS[code][language];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    if (value === undefined) return whole;
    return typeof value === 'object' ? value[language] : String(value);
  });
}
