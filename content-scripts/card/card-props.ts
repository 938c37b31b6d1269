// Test fixture: a complete CardProps around the entity a test gives, with spy handlers for every action.
import { vi } from 'vitest';
import type { CardProps } from './Card';

export function cardProps(over: Partial<CardProps> & Pick<CardProps, 'entityId' | 'name' | 'card' | 'phrase'>): CardProps {
  return {
    loading: false,
    mentionsOnPage: 2,
    onMore: vi.fn(),
    onNotThis: vi.fn(),
    onIgnoreSite: vi.fn(),
    onNeverHighlight: vi.fn(),
    onClose: vi.fn(),
    ...over,
  };
}
