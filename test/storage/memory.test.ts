import { createMemoryStore } from '../../src/storage/memoryStore';
import { defineStoreContract } from './storeContract';

defineStoreContract('memory', async () => createMemoryStore());
