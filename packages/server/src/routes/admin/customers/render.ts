/** Admin API renderings of rows. */
export const renderCustomer = (row: { id: string; name: string; status: 'Active' | 'Disabled'; created_at: Date }) => ({
  customerId: row.id, name: row.name, status: row.status, createdOn: new Date(row.created_at).toISOString(),
});

export const renderClient = (row: { client_id: string; customer_id: string; status: 'Active' | 'Revoked'; created_at: Date }) => ({
  clientId: row.client_id, customerId: row.customer_id, status: row.status, createdOn: new Date(row.created_at).toISOString(),
});
