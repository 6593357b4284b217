import { solve } from './sha256.ts';

/** Solves the server's proof-of-work challenge off the main thread, so the page stays responsive. */
interface Job {
  challenge: string;
  difficulty: number;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Job>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (e) => {
  const { challenge, difficulty } = e.data;
  const nonce = solve(challenge, difficulty, (tried) => scope.postMessage({ tried }));
  scope.postMessage({ nonce });
};
