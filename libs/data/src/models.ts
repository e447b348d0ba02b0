import { DataTypes, type ModelStatic, type Model, type Sequelize } from 'sequelize';

export type RowModel = ModelStatic<Model<Record<string, unknown>, Record<string, unknown>>>;

export interface Models {
  Organization: RowModel;
  Customer: RowModel;
  Product: RowModel;
  Order: RowModel;
  OrderItem: RowModel;
  Invoice: RowModel;
  Delivery: RowModel;
  DeliveryDetails: RowModel;
  Attempt: RowModel;
  StateChange: RowModel;
  Outbox: RowModel;
  User: RowModel;
}

const id = { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true };
const ref = (model: string) => ({ type: DataTypes.BIGINT, allowNull: false, references: { model, key: 'id' } });
const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
// A fresh object per attribute: Sequelize writes the column name into the definition it is
// given, so one shared object would map Invoice.amount onto Product's "price" column.
// Sequelize parses numeric as a string; money is two decimals, exact as a JS number.
const money = (name: string) => ({
  type: DataTypes.DECIMAL(12, 2),
  allowNull: false,
  get(this: Model) {
    const value = this.getDataValue(name as never) as unknown;
    return value === null || value === undefined ? value : Number(value);
  },
});
const place = (side: 'from' | 'to') => ({
  [`${side}_contact_name`]: text(),
  [`${side}_address`]: text(),
  [`${side}_city`]: text(),
  [`${side}_state`]: text(true),
  [`${side}_zip`]: text(true),
  [`${side}_country`]: { type: DataTypes.CHAR(2), allowNull: false },
  [`${side}_phone_number`]: text(true),
  [`${side}_instructions`]: text(true),
});

/**
 * Sequelize models over the tables that migrations create (never `sync()`): the database owns
 * the schema and its constraints; the models only map rows.
 */
export function defineModels(sequelize: Sequelize): Models {
  const define = (name: string, table: string, attributes: Parameters<Sequelize['define']>[1], timestamps = true) =>
    sequelize.define(name, attributes, { tableName: table, timestamps, updatedAt: timestamps ? 'updated_at' : false }) as RowModel;

  const models: Models = {
    Organization: define('organization', 'organizations', { id, name: text() }),
    Customer: define('customer', 'customers', {
      id, organization_id: ref('organizations'), first_name: text(), last_name: text(), email: text(), phone: text(true),
    }),
    Product: define('product', 'products', { id, name: text(), sku: text(), price: money('price') }),
    Order: define('order', 'orders', {
      id, organization_id: ref('organizations'), customer_id: ref('customers'), po: text(), priority: text(),
      status: text(), order_date: { type: DataTypes.DATEONLY, allowNull: false },
    }),
    OrderItem: define('order_item', 'order_items', {
      id, order_id: ref('orders'), product_id: ref('products'), quantity: { type: DataTypes.INTEGER, allowNull: false },
    }),
    Invoice: define('invoice', 'invoices', {
      id, order_id: ref('orders'), number: text(), amount: money('amount'), due_date: { type: DataTypes.DATEONLY, allowNull: false }, status: text(),
    }),
    Delivery: define('delivery', 'deliveries', {
      id, order_id: ref('orders'), delivery_type: text(), notes: text(true), status: text(),
      dispatch_at: { type: DataTypes.DATE, allowNull: true }, mileage: { type: DataTypes.INTEGER, allowNull: true },
    }),
    DeliveryDetails: define('delivery_details', 'delivery_details', { id, delivery_id: ref('deliveries'), ...place('from'), ...place('to') }),
    Attempt: define('attempt', 'attempts', {
      id, delivery_id: ref('deliveries'), number: { type: DataTypes.INTEGER, allowNull: false }, status: text(),
    }),
    StateChange: define('state_change', 'state_changes', {
      id, attempt_id: ref('attempts'), state: text(), reason: text(true), recorded_by: text(true),
    }, false),
    Outbox: define('outbox', 'outbox', {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      aggregate_type: text(), aggregate_id: text(), type: text(), payload: { type: DataTypes.JSONB, allowNull: false },
    }, false),
    User: define('user', 'users', { id, email: text(), password_hash: text(), role: text() }),
  };
  associate(models);
  return models;
}

function associate(m: Models): void {
  m.Customer.belongsTo(m.Organization, { as: 'organization', foreignKey: 'organization_id' });
  m.Order.belongsTo(m.Organization, { as: 'organization', foreignKey: 'organization_id' });
  m.Order.belongsTo(m.Customer, { as: 'customer', foreignKey: 'customer_id' });
  m.Order.hasMany(m.OrderItem, { as: 'items', foreignKey: 'order_id' });
  m.OrderItem.belongsTo(m.Product, { as: 'product', foreignKey: 'product_id' });
  m.Order.hasMany(m.Invoice, { as: 'invoices', foreignKey: 'order_id' });
  m.Order.hasMany(m.Delivery, { as: 'deliveries', foreignKey: 'order_id' });
  m.Invoice.belongsTo(m.Order, { as: 'order', foreignKey: 'order_id' });
  m.Delivery.belongsTo(m.Order, { as: 'order', foreignKey: 'order_id' });
  m.Delivery.hasOne(m.DeliveryDetails, { as: 'details', foreignKey: 'delivery_id' });
  m.Delivery.hasMany(m.Attempt, { as: 'attempts', foreignKey: 'delivery_id' });
  m.Attempt.hasMany(m.StateChange, { as: 'state_changes', foreignKey: 'attempt_id' });
}
