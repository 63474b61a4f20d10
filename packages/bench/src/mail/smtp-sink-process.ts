/**
 * An SMTP listener in its own process (`send-path.ts` measures its own CPU, which must not include
 * the listener's). Prints its URL, then answers until killed.
 */
import { startMailSink } from '@roster/testkit';

const sink = await startMailSink({ parse: false });
process.stdout.write(`${sink.url}\n`);
setInterval(() => sink.clear(), 1000);
