export { agentCommand, agentNames, AgentError, claudeHookSettings, shellQuote, splitTemplate, type AgentInput, type AgentLaunch, type AgentName, type EventFormat } from './agent-command.ts';
export { readAgentEvent, type AgentEvent } from './agent-events.ts';
export { buildDispatchTable, type DispatchTable, type PairProof, type TableBatch, type TableOptions, type TableSession, type Workspace, type WorkspaceMode } from './dispatch-table.ts';
export { runnerColumns, spliceRegistry, type RegistryUpdate } from './registry-splice.ts';
export { boundaryLine, sessionPrompt, type PromptContext } from './session-prompt.ts';
