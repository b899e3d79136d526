import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  /** A commit that takes a few milliseconds, recording the groups it was given. */
  function recordingCommit(fail: (items: number[]) => boolean = () => false) {
    const groups: number[][] = [];
    let running = 0;
    let mostAtOnce = 0;
    const commit = async (items: number[]) => {
      groups.push(items);
      mostAtOnce = Math.max(mostAtOnce, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (fail(items)) throw new Error('rolled back');
      return items.map((item) => item * 10);
    };
    return { commit, groups, mostAtOnce: () => mostAtOnce };
  }

  it('commits what arrives in one turn of the event loop together; each caller gets its own result', async () => {
    const { commit, groups } = recordingCommit();
    const group = new GroupCommit(commit);
    const results = await Promise.all([1, 2, 3].map((item) => group.add(item)));
    expect(results).toEqual([10, 20, 30]);
    expect(groups).toEqual([[1, 2, 3]]);
  });

  it('gathers what arrives during a commit into the next group, one group at a time by default', async () => {
    const { commit, groups, mostAtOnce } = recordingCommit();
    const group = new GroupCommit(commit);
    const first = group.add(1);
    await new Promise((resolve) => setTimeout(resolve, 1)); // the first group is committing
    const later = [2, 3, 4].map((item) => group.add(item));
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(groups).toEqual([[1], [2, 3, 4]]);
    expect(mostAtOnce()).toBe(1);
  });

  it('runs up to `concurrency` groups at once', async () => {
    const { commit, mostAtOnce } = recordingCommit();
    const group = new GroupCommit(commit, 3);
    const adds: Promise<number>[] = [];
    for (let turn = 0; turn < 5; turn++) {
      adds.push(group.add(turn));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(adds);
    expect(mostAtOnce()).toBe(3);
  });

  it('a group that fails is tried again item by item: only the item that fails alone is refused', async () => {
    const { commit, groups } = recordingCommit((items) => items.includes(2));
    const group = new GroupCommit(commit);
    const settled = [1, 2, 3].map((item) => group.add(item).catch((error: Error) => error.message));
    expect(await Promise.all(settled)).toEqual([10, 'rolled back', 30]);
    expect(groups).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(await group.add(5)).toBe(50);
  });
});
