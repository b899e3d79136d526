import { BatchedLookup } from './batched-lookup';

describe('BatchedLookup', () => {
  const double = (queries: number[]) => Promise.resolve(queries.map((q) => q * 2));

  it('where lookups can share a statement, those made in one tick go as one call, each answered with its own result', async () => {
    const findMany = jest.fn(double);
    const lookups = new BatchedLookup(false, findMany);

    await expect(Promise.all([1, 2, 3].map((q) => lookups.find(q)))).resolves.toEqual([2, 4, 6]);
    expect(findMany.mock.calls).toEqual([[[1, 2, 3]]]);
  });

  it('on a serialized engine each lookup runs alone, through findOne when given', async () => {
    const findMany = jest.fn(double);
    const findOne = jest.fn((q: number) => Promise.resolve(q * 10));
    const lookups = new BatchedLookup(true, findMany, findOne);

    await expect(Promise.all([1, 2].map((q) => lookups.find(q)))).resolves.toEqual([10, 20]);
    expect(findMany).not.toHaveBeenCalled();
    await expect(new BatchedLookup(true, findMany).find(4)).resolves.toBe(8);
    expect(findMany.mock.calls).toEqual([[[4]]]);
  });
});
