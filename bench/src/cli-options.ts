import { InvalidArgumentError } from 'commander';

/** A commander option parser for whole numbers of at least `min`. */
export const integerAtLeast = (min: number) => (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
  return parsed;
};
