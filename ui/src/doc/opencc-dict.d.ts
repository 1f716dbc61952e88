// Types for the OpenCC dictionaries that opencc-js publishes as plain modules (its `./*` export has
// no declarations): each is "source target|source target|…", one entry per character or phrase.
declare module "opencc-js/dict/*" {
  const dict: string;
  export default dict;
}
