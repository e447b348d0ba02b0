import { createResilientPool, type PoolLogger } from '@dsm/data';

/** The customer and organization as they are NOW, not as they were when the event was written. */
export interface OrderContext {
  orderId: number;
  po: string;
  priority: string;
  orderDate: string;
  itemCount: number;
  customerId: number;
  customerName: string;
  email: string;
  organizationName: string;
}

export interface InvoiceContext extends OrderContext {
  invoiceId: number;
  invoiceNumber: string;
  amount: number;
  dueDate: string;
}

export interface DeliveryContext extends OrderContext {
  deliveryId: number;
  deliveryType: string;
  toCity: string | null;
}

/** Reads the latest domain state at send time (the seed's ktables did the same with joins). */
export interface RecipientRepository {
  findOrder(orderId: number): Promise<OrderContext | null>;
  findInvoice(invoiceId: number): Promise<InvoiceContext | null>;
  findDelivery(deliveryId: number): Promise<DeliveryContext | null>;
  close(): Promise<void>;
}

const ORDER_COLUMNS = `
  o.id as "orderId", o.po, o.priority, to_char(o.order_date, 'YYYY-MM-DD') as "orderDate",
  (select count(*)::int from order_items oi where oi.order_id = o.id) as "itemCount",
  c.id as "customerId", c.first_name || ' ' || c.last_name as "customerName", c.email,
  g.name as "organizationName"`;
const ORDER_JOINS = 'join customers c on c.id = o.customer_id join organizations g on g.id = o.organization_id';

export function createRecipientRepository(domainUrl: string, logger?: PoolLogger): RecipientRepository {
  const pool = createResilientPool({ connectionString: domainUrl, max: 2, application_name: 'dsm-notify' }, { name: 'notify recipients', logger });
  // bigint ids and numeric money come back as strings from pg; the rows are normalised here.
  const one = async <T>(sql: string, id: number): Promise<T | null> => {
    const { rows } = await pool.query<Record<string, unknown>>(sql, [id]);
    return rows[0] ? (normalise(rows[0]) as T) : null;
  };
  return {
    findOrder: (orderId) => one<OrderContext>(`select ${ORDER_COLUMNS} from orders o ${ORDER_JOINS} where o.id = $1`, orderId),
    findInvoice: (invoiceId) =>
      one<InvoiceContext>(
        `select ${ORDER_COLUMNS}, i.id as "invoiceId", i.number as "invoiceNumber", i.amount,
                to_char(i.due_date, 'YYYY-MM-DD') as "dueDate"
         from invoices i join orders o on o.id = i.order_id ${ORDER_JOINS} where i.id = $1`,
        invoiceId,
      ),
    findDelivery: (deliveryId) =>
      one<DeliveryContext>(
        `select ${ORDER_COLUMNS}, d.id as "deliveryId", d.delivery_type as "deliveryType", dd.to_city as "toCity"
         from deliveries d join orders o on o.id = d.order_id ${ORDER_JOINS}
         left join delivery_details dd on dd.delivery_id = d.id where d.id = $1`,
        deliveryId,
      ),
    close: () => pool.end(),
  };
}

const NUMERIC_COLUMNS = new Set(['orderId', 'customerId', 'invoiceId', 'deliveryId', 'amount']);

function normalise(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, NUMERIC_COLUMNS.has(key) && value !== null ? Number(value) : value]));
}
