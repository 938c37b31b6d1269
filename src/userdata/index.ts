// The reader's own data model (pure: no DOM, no extension API): entities, phrase rules, saved articles, backups, relations.
export * from './types';
export { aliasKey, cleanLine, cleanMultiline, hasLetterOrDigit, httpUrl } from './text';
export {
  checkAlias,
  entityFromDraft,
  isEntityId,
  isPersonalId,
  newPersonalId,
  parsePersonalEntities,
  parsePersonalEntity,
  personalAsRecord,
  removeEntity,
  upsertEntity,
} from './entities';
export {
  addPhraseRule,
  blockedKeys,
  parsePhraseRules,
  removePhraseRule,
  restorePhraseRule,
  withSiteDisabled,
  withSiteRule,
  withoutSiteRule,
} from './rules';
export { indexFingerprint, mergeIndexEntities, type DroppedAlias, type MergedIndex } from './merge';
export {
  articleDateLabel,
  articleEntities,
  articleIdFor,
  articleTime,
  checkExtracted,
  createSavedArticle,
  indexParagraphs,
  isArticleId,
  parseSavedArticle,
  reindexArticle,
  savedPassagesFor,
  type ExtractCheck,
} from './articles';
export {
  MIGRATIONS,
  articleEnvelope,
  entitiesEnvelope,
  migrate,
  readArticle,
  readEntities,
  readRules,
  rulesEnvelope,
  type EnvelopeKind,
} from './migrations';
export {
  BACKUP_FORMAT,
  backupFileName,
  buildBackup,
  formatBytes,
  mergeImport,
  parseBackup,
  previewImport,
  sizeProblem,
  utf8Length,
  type BackupCheck,
  type BackupContents,
  type Diff,
  type ImportPreview,
  type ParsedBackup,
} from './backup';
export { chainLinks, coMentionsAmong, linksAmong, pageRelations, type CoMention, type PageRelations, type RelationChain, type RelationEdge, type RelationSources } from './relations';
