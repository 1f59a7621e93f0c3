/** `datasets.*`: imdb.load / imdb.loadRaw, makeClassification, the scikit-learn sets, demo data. */
export { imdb, loadImdb, loadImdbRaw } from './imdb.js';
export { makeClassification } from './make-classification.js';
export { loadBreastCancer, loadIris, loadWine } from './sklearn.js';
export { loadDemo, writeDemoCsv } from './demo.js';
