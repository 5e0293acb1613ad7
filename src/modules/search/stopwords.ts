import type { Locale } from '../../i18n/locales';

// Short lists of the most frequent function words, written for this project. They are dropped from
// the index and from queries, except that a query made only of stop words keeps them.
const LISTS: Record<Locale, string> = {
  en: 'a an and are as at be by for from has have in into is it its of on or that the their this to was were will with',
  fr: 'à au aux avec ce ces dans de des du elle en est et il ils la le les leur mais ou par pour qui que sa se ses son sur un une',
  es: 'a al con como de del el en es esta este la las lo los para por que se su sus un una y o',
  ru: 'а в во для до же за и из к как на не но о об от по при с со то что это его ее их',
  ar: 'في من على إلى الى عن مع أن ان هذا هذه التي الذي ذلك و او أو ما لا كما',
  zh: '的 了 和 与 及 在 是 对 为',
};

const toSet = (words: string): ReadonlySet<string> => new Set(words.split(' '));

export const STOPWORDS: Record<Locale, ReadonlySet<string>> = {
  ar: toSet(LISTS.ar),
  zh: toSet(LISTS.zh),
  en: toSet(LISTS.en),
  fr: toSet(LISTS.fr),
  es: toSet(LISTS.es),
  ru: toSet(LISTS.ru),
};
