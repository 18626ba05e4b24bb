export interface CartLine {
  readonly sku: string;
  readonly unitPrice: number;
  /** Stored as text by the legacy cart service. */
  readonly quantity: string;
}
