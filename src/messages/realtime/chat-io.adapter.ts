/**
 * Temporary: app.setup.ts (being moved to http/ on another branch) still imports the adapter
 * from here. Once that branch is merged, import it from realtime/ there and delete this file.
 */
export { ChatIoAdapter } from '../../realtime/chat-io.adapter';
