import net from 'node:net';

// A TCP proxy on a loopback port between the app's pool and its database, so a test can take the
// database away as a network outage would and give it back, without touching the database itself.
// It forwards bytes only: the same proxy works for PostgreSQL and for the embedded PGlite server.

export interface TcpProxy {
  /** The database's connection string, pointing at the proxy instead. */
  url: string;
  /** Connections forwarded so far (each pool connection counts once). */
  readonly accepted: number;
  /** Connections cut by outages so far. */
  readonly cut: number;
  /** The outage: every open connection is cut, and new ones are refused until restore(). */
  cutAll(): Promise<void>;
  /** The database is reachable again, on the same address. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetHost = target.hostname;
  const targetPort = Number(target.port || 5432);
  /** Each forwarded connection: the app's end and the database's end. */
  const links = new Set<net.Socket[]>();
  let accepted = 0;
  let cut = 0;

  const forward = (client: net.Socket) => {
    accepted += 1;
    const upstream = net.connect(targetPort, targetHost);
    const pair = [client, upstream];
    links.add(pair);
    const end = () => {
      links.delete(pair);
      pair.forEach((s) => s.destroy());
    };
    // Either end going away takes the other with it, as a broken network path would.
    for (const socket of pair) socket.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  let server = net.createServer(forward);
  await listen(server, 0);
  const port = (server.address() as net.AddressInfo).port;
  const proxied = new URL(targetUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);

  return {
    url: proxied.toString(),
    get accepted() {
      return accepted;
    },
    get cut() {
      return cut;
    },
    async cutAll() {
      // Not listening any more: a new connection is refused at once (ECONNREFUSED), like a database host that is down.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const pair of [...links]) {
        cut += 1;
        links.delete(pair);
        // An abrupt reset, not a polite close: both ends learn of it only by the failure.
        pair.forEach(reset);
      }
      await closed;
    },
    async restore() {
      server = net.createServer(forward);
      await listen(server, port);
    },
    async close() {
      for (const pair of [...links]) pair.forEach((s) => s.destroy());
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function reset(socket: net.Socket) {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy(); // still connecting: there is nothing to reset yet
  }
}
