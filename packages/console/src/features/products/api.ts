import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { admin } from '@cardepass/contract';
import { api } from '../../lib/api.ts';

/**
 * The products area's server state: the catalog (operators: all of it; a customer user: its entitled
 * products, the server decides), and the operators' changes, each refreshing the catalog after.
 * The API answers the whole catalog in one list (no paging: it is small and bounded by operators).
 */
export type Product = admin.AdminProduct;
export type CreateProductInput = admin.CreateProductRequest;
export type UpdateProductInput = admin.ProductUpdateRequest;

const productsKey = ['products'] as const;

export function useProducts() {
  return useQuery({ queryKey: productsKey, queryFn: ({ signal }) => api<Product[]>('GET', '/products', { signal }) });
}

function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: productsKey });
}

export function useCreateProduct() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: CreateProductInput) => api<Product>('POST', '/products', { body }), onSettled: refresh });
}

export function useUpdateProduct(productCode: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: UpdateProductInput) => api<Product>('PATCH', `/products/${encodeURIComponent(productCode)}`, { body }),
    onSettled: refresh,
  });
}

export function useRetireProduct() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (productCode: string) => api<Product>('POST', `/products/${encodeURIComponent(productCode)}/retire`, { body: {} }),
    onSettled: refresh,
  });
}
