// AssemblyScript: the engine's hottest loops as WebAssembly (built by build/scripts/wasm.mjs with the
// npm-installed compiler into shared/engine/wasm/kernelsBinary.ts). Each kernel does exactly the arithmetic
// of its TypeScript reference, in the same order, so both give the same bits; the tests compare them on
// every call shape. Memory is the caller's (imported): pointers are byte offsets into it.

//
// This file is the module's entry: the kernels live by theme in sampling.ts, moments.ts and modelInputs.ts,
// over the generator (random.ts) and the rows' bit sets (rowBits.ts).

export { sampleBins, sampleCoinFlips, sampleRemovals } from './sampling';
export { binaryMoments, binaryMomentsBits, targetCross, weightedResiduals } from './moments';
export { assembleWords, perturbImages } from './modelInputs';
