import type { EventName, RequestName } from '../../core/contract';

/**
 * IPC channel names between preload and main: one invoke channel per contract request, one send
 * channel per event, and the two dialogs the renderer may ask for, in one place so preload and main agree.
 */
export const requestChannel = (name: RequestName): string => `api:${name}`;
export const eventChannel = (name: EventName): string => `event:${name}`;
export const SAVE_ARCHIVE_CHANNEL = 'dialog:save-archive';
export const ADD_ARCHIVE_CHANNEL = 'dialog:add-archive';
