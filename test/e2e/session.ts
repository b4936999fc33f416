import { openBrowser, type BrowserSession } from './browser';
import { DesignPage } from './design-page';
import { HistoryPage } from './history-page';
import { QueuePage } from './queue-page';
import { RunPage } from './run-page';
import { startServeProcess, type ServeProcess } from './serve-host';
import { WorkbenchPage } from './workbench-page';

/** A researcher's session: a serve host on a fresh database, a fresh browser on its URL, the page objects. */
export interface Session {
  host: ServeProcess;
  browser: BrowserSession;
  app: WorkbenchPage;
  design: DesignPage;
  queue: QueuePage;
  history: HistoryPage;
  runPage: RunPage;
  close(): Promise<void>;
}

export async function startSession(options: { parallel: number }): Promise<Session> {
  const host = await startServeProcess(options);
  const browser = await openBrowser();
  const page = browser.page;
  const session: Session = {
    host,
    browser,
    app: new WorkbenchPage(page),
    design: new DesignPage(page),
    queue: new QueuePage(page),
    history: new HistoryPage(page),
    runPage: new RunPage(page),
    async close() {
      await browser.close();
      // the test may have replaced the host (a restart); stop the current one
      await session.host.stop();
    },
  };
  await session.app.open(host.url);
  return session;
}
