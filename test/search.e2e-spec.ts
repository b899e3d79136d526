import { randomBytes } from 'node:crypto';
import type { MessageResponseDto as Message } from '../src/messages/dto/message-response.dto';
import { aRoomName } from './builders/user.builder';
import { api, Session } from './helpers/api-client';
import { startTestApp, TestApp } from './helpers/test-app';

interface SearchResult {
  message: Message;
  room: { id: string; name: string; kind: string };
  snippet: string;
  highlights: [number, number][];
}

interface SearchPage {
  results: SearchResult[];
  nextCursor: string | null;
}

/** A word no other test uses (and that is no prefix of another one). */
function aWord(): string {
  return `w${randomBytes(6)
    .toString('hex')
    .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)])}`;
}

/** The highlighted pieces of a result's snippet, cut by code points as a client would. */
function highlighted(result: SearchResult): string[] {
  const codePoints = Array.from(result.snippet);
  return result.highlights.map(([start, end]) => codePoints.slice(start, end).join(''));
}

describe('Search (e2e)', () => {
  let testApp: TestApp;
  let client: ReturnType<typeof api>;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  /** A public room of alice's with bob as a member (carol is not). */
  let shared: string;

  beforeAll(async () => {
    testApp = await startTestApp({
      MESSAGE_RATE_BURST: '100000',
      MESSAGE_RATE_PER_MINUTE: '100000',
    });
    client = api(testApp);
    [alice, bob, carol] = await Promise.all([client.signUp(), client.signUp(), client.signUp()]);
    shared = (await client.createRoom(alice, aRoomName('search'))).id;
    await client.addMember(alice, shared, bob);
  });
  afterAll(() => testApp.close());

  const as = (session: Session) => ({ Authorization: `Bearer ${session.accessToken}` });
  const searchRequest = (session: Session, query: Record<string, string | number>) =>
    client.http().get('/api/search').query(query).set(as(session));
  async function search(
    session: Session,
    query: Record<string, string | number>,
  ): Promise<SearchPage> {
    return (await searchRequest(session, query).expect(200)).body as SearchPage;
  }
  const bodies = (page: SearchPage) => page.results.map((r) => r.message.body);
  const post = (session: Session, body: string, roomId = shared) =>
    client.post(session, roomId, body) as unknown as Promise<Message>;

  it('finds a message by a word prefix, with the whole Message and its room', async () => {
    const word = aWord();
    const sent = await post(bob, `Hello ${word}extra there`);
    const page = await search(alice, { q: word });
    expect(page.results).toHaveLength(1);
    const [result] = page.results;
    const [inHistory] = (await client.allMessages(alice, shared)).filter((m) => m.id === sent.id);
    expect(result.message).toEqual(inHistory);
    expect(result.room).toEqual({ id: shared, name: expect.any(String), kind: 'public' });
    expect(page.nextCursor).toBeNull();

    const byPrefix = await search(alice, { q: `hel ${word.slice(0, 6)}` });
    expect(bodies(byPrefix)).toEqual([`Hello ${word}extra there`]);
    // A prefix of a word, not a piece from its middle.
    expect((await search(alice, { q: word.slice(2) })).results).toEqual([]);
  });

  it('needs every word', async () => {
    const [a, b] = [aWord(), aWord()];
    await post(alice, `${a} only`);
    await post(alice, `${b} only`);
    await post(alice, `both ${b} and ${a}`);
    expect(bodies(await search(alice, { q: `${a} ${b}` }))).toEqual([`both ${b} and ${a}`]);
    expect(await search(alice, { q: `${a}` })).toMatchObject({ results: { length: 2 } });
  });

  it('a quoted phrase matches those words in a row', async () => {
    const word = aWord();
    await post(alice, `${word} the quick brown fox`);
    await post(alice, `${word} brown quick`);
    await post(alice, `${word} quick red brown`);
    expect(bodies(await search(alice, { q: `${word} "quick brown"` }))).toEqual([
      `${word} the quick brown fox`,
    ]);
    expect(bodies(await search(alice, { q: `"${word} quick"` }))).toEqual([
      `${word} quick red brown`,
    ]);
    expect(await search(alice, { q: `${word} quick brown` })).toMatchObject({
      results: { length: 3 },
    });
  });

  it('ignores accents and case both ways', async () => {
    const word = aWord();
    await post(alice, `Café ${word} NAÏVE`);
    await post(alice, `cafe ${word} naive`);
    for (const q of [`cafe ${word}`, `CAFÉ ${word.toUpperCase()}`, `"cafe ${word} naive"`]) {
      expect((await search(bob, { q })).results).toHaveLength(2);
    }
    const [, accented] = (await search(bob, { q: `naive ${word}` })).results;
    expect(accented.message.body).toBe(`Café ${word} NAÏVE`);
    expect(highlighted(accented)).toEqual([word, 'NAÏVE']);
  });

  it('ß, æ, ø and the like match their spelled-out forms, alike on both engines', async () => {
    const word = aWord();
    await post(alice, `Straße ${word} Æble Søren`);
    await post(alice, `strasse ${word} aeble soren`);
    for (const q of [`strasse ${word}`, `STRAẞE ${word}`, `"${word} aeble søren"`, `æb ${word}`]) {
      expect((await search(bob, { q })).results).toHaveLength(2);
    }
    const [, spelled] = (await search(bob, { q: `strasse ${word}` })).results;
    expect(highlighted(spelled)).toEqual(['Straße', word]);
  });

  it('non-Latin words keep their marks and are found as typed', async () => {
    const word = aWord();
    await post(alice, `мой ${word} дом`);
    expect(bodies(await search(bob, { q: `мой ${word}` }))).toEqual([`мой ${word} дом`]);
    expect(bodies(await search(bob, { q: `"МОЙ ${word}"` }))).toEqual([`мой ${word} дом`]);
  });

  it('from= keeps one sender (username in any case); an unknown one finds nothing', async () => {
    const word = aWord();
    await post(alice, `${word} from alice`);
    await post(bob, `${word} from bob`);
    const fromBob = await search(alice, { q: word, from: bob.user.username.toUpperCase() });
    expect(bodies(fromBob)).toEqual([`${word} from bob`]);
    expect((await search(alice, { q: word, from: 'nobody_here' })).results).toEqual([]);
  });

  it('roomId= keeps one room; one you cannot see is 404, a bad id 400', async () => {
    const word = aWord();
    const other = (await client.createRoom(alice, aRoomName('other'))).id;
    await post(alice, `${word} in shared`);
    await post(alice, `${word} in other`, other);
    expect(bodies(await search(alice, { q: word, roomId: other }))).toEqual([`${word} in other`]);
    expect((await search(alice, { q: word })).results).toHaveLength(2);

    const secret = (await client.createRoom(alice, aRoomName('secret'), undefined, 'private')).id;
    await searchRequest(bob, { q: word, roomId: secret }).expect(404);
    await searchRequest(bob, { q: word, roomId: '00000000-0000-4000-8000-000000000000' }).expect(
      404,
    );
    await searchRequest(bob, { q: word, roomId: 'not-a-uuid' }).expect(400);
    // A public room bob may see but is not a member of: nothing, not an error.
    expect((await search(bob, { q: word, roomId: other })).results).toEqual([]);
  });

  it('only rooms the caller is a member of: private rooms of others stay invisible', async () => {
    const word = aWord();
    const secret = (await client.createRoom(alice, aRoomName('secret'), undefined, 'private')).id;
    const open = (await client.createRoom(alice, aRoomName('open'))).id;
    await post(alice, `${word} secret`, secret);
    await post(alice, `${word} open`, open);
    await post(alice, `${word} shared`);
    expect(bodies(await search(bob, { q: word }))).toEqual([`${word} shared`]);
    expect(bodies(await search(carol, { q: word }))).toEqual([]);
    expect((await search(alice, { q: word })).results).toHaveLength(3);

    // Joining the public room (by posting) makes its messages searchable for bob.
    await post(bob, `hi`, open);
    expect(bodies(await search(bob, { q: word }))).toEqual([`${word} shared`, `${word} open`]);
  });

  it('a member removed from a room no longer finds its messages', async () => {
    const word = aWord();
    const room = (await client.createRoom(alice, aRoomName('leaving'))).id;
    await client.addMember(alice, room, carol);
    await post(alice, `${word} before leaving`, room);
    expect((await search(carol, { q: word })).results).toHaveLength(1);
    await client.http().delete(`/api/rooms/${room}/members/me`).set(as(carol)).expect(204);
    expect((await search(carol, { q: word })).results).toEqual([]);
  });

  it('a deleted message never matches', async () => {
    const word = aWord();
    const gone = await post(alice, `${word} to be deleted`);
    await post(alice, `${word} kept`);
    await client.http().delete(`/api/messages/${gone.id}`).set(as(alice)).expect(204);
    expect(bodies(await search(alice, { q: word }))).toEqual([`${word} kept`]);
    expect((await search(alice, { q: `${word} deleted` })).results).toEqual([]);
  });

  it('an edited message matches its current text only', async () => {
    const [before, after] = [aWord(), aWord()];
    const sent = await post(alice, `${before} original text`);
    await client
      .http()
      .patch(`/api/messages/${sent.id}`)
      .set(as(alice))
      .send({ body: `${after} edited text` })
      .expect(200);
    expect((await search(alice, { q: before })).results).toEqual([]);
    const [result] = (await search(alice, { q: after })).results;
    expect(result.message).toMatchObject({ id: sent.id, body: `${after} edited text` });
    expect(result.message.editedAt).not.toBeNull();
    expect(highlighted(result)).toEqual([after]);
  });

  it('pages newest first with the cursor, each message once', async () => {
    const word = aWord();
    for (let n = 1; n <= 5; n += 1) await post(alice, `${word} number ${n}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await search(alice, { q: word, limit: 2, ...(cursor && { before: cursor }) });
      seen.push(...bodies(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual([5, 4, 3, 2, 1].map((n) => `${word} number ${n}`));
    // Default limit 20: all five on one page.
    expect(await search(alice, { q: word })).toMatchObject({
      results: { length: 5 },
      nextCursor: null,
    });
  });

  it('highlights are code-point offsets into the snippet, emoji included', async () => {
    const word = aWord();
    const body = `👋🏽 ${word} 👨‍👩‍👧 said Zoë: ${word}s, naïve 🎉 ZOE`;
    await post(alice, body);
    const [result] = (await search(alice, { q: `${word} zoe` })).results;
    expect(result.snippet).toBe(body);
    expect(highlighted(result)).toEqual([word, 'Zoë', `${word}s`, 'ZOE']);
    expect(result.highlights[0]).toEqual([3, 3 + word.length]);
    expect(result.snippet).not.toMatch(/<[a-z]/i);
  });

  it('a long body gives a snippet around the match, still highlighted', async () => {
    const word = aWord();
    const body = `${'lorem ipsum 🙂 '.repeat(60)}${word} found ${'dolor sit '.repeat(60)}`;
    await post(alice, body);
    const [result] = (await search(alice, { q: word })).results;
    expect(Array.from(result.snippet).length).toBeLessThan(Array.from(body).length);
    expect(result.snippet).toContain(word);
    expect(highlighted(result)).toEqual([word]);
  });

  it('query syntax typed by users is taken as plain words, never as an error', async () => {
    const word = aWord();
    await post(alice, `${word} a:b (c) NEAR d-e "f" g*`);
    const nasty = [
      '"',
      '""',
      '*',
      '-',
      'NEAR(',
      'a:b',
      '(',
      ')',
      'OR',
      'AND NOT',
      `${word}*`,
      `"${word}`,
      `${word} -x`,
      "'",
      "x' & 'y",
      '!',
      '<->',
      '\\',
      '^',
      '{body}: x',
      `${word} NEAR(a b, 2)`,
      '%',
      '_',
      '😀',
    ];
    for (const q of nasty) {
      const response = await searchRequest(alice, { q });
      expect({ q, status: response.status }).toEqual({ q, status: 200 });
    }
    expect(bodies(await search(alice, { q: `${word}*` }))).toHaveLength(1);
    expect(bodies(await search(alice, { q: `"${word} a:b"` }))).toHaveLength(1);
    expect(bodies(await search(alice, { q: `${word} NEAR d-e` }))).toHaveLength(1);
  });

  it('refuses an empty q, a bad limit or cursor, and anonymous callers', async () => {
    const refused: Record<string, string | number>[] = [
      {},
      { q: '' },
      { q: '   ' },
      { q: 'x', limit: 0 },
      { q: 'x', limit: 51 },
      { q: 'x', limit: 'many' },
      { q: 'x', before: 'not-a-cursor' },
      { q: 'x', unknown: '1' },
      { q: 'x'.repeat(201) },
    ];
    for (const query of refused) {
      const response = await searchRequest(alice, query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
    await client.http().get('/api/search?q=x').expect(401);
  });

  it('is in the OpenAPI document', async () => {
    const { body } = await client.http().get('/api/docs-json').expect(200);
    expect(body.paths['/api/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'roomId', 'from', 'before', 'limit']),
    );
  });
});

describe('Search rate limit (e2e)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ SEARCH_RATE_PER_10S: '2' });
  });
  afterAll(() => testApp.close());

  it('answers 429 with Retry-After past the limit', async () => {
    const client = api(testApp);
    const user = await client.signUp();
    const search = () =>
      client.http().get('/api/search?q=hello').auth(user.accessToken, { type: 'bearer' });
    await search().expect(200);
    await search().expect(200);
    const refused = await search().expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
