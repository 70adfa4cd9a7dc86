package cpu

// WhiteTophat extracts bright detail smaller than the footprint: image minus its
// GreyOpening with the same footprint, mode and cval, subtracted in float32 as
// scipy.ndimage.white_tophat does for a float32 image.
//
//kernreg:op name=white_tophat tags=morphology,grey,background ref=scipy.ndimage.white_tophat slices=coupled
func WhiteTophat(dst, image Array, p GreyParams) error {
	const op = "white_tophat"
	return greyCombine(op, dst, image, p, [][]bool{{false, true}}, func(out, in []float32, t [][]float32) {
		for i, v := range t[0] {
			out[i] = in[i] - v
		}
	})
}

// BlackTophat extracts dark detail smaller than the footprint: the GreyClosing of the
// image with the same footprint, mode and cval minus the image, in float32 as
// scipy.ndimage.black_tophat does.
//
//kernreg:op name=black_tophat tags=morphology,grey,background ref=scipy.ndimage.black_tophat slices=coupled
func BlackTophat(dst, image Array, p GreyParams) error {
	const op = "black_tophat"
	return greyCombine(op, dst, image, p, [][]bool{{true, false}}, func(out, in []float32, t [][]float32) {
		for i, v := range t[0] {
			out[i] = v - in[i]
		}
	})
}

// MorphologicalGradient computes GreyDilation minus GreyErosion of the image with the
// same footprint, mode and cval, subtracted in float32 as
// scipy.ndimage.morphological_gradient does.
//
//kernreg:op name=morphological_gradient tags=morphology,grey,edges ref=scipy.ndimage.morphological_gradient slices=coupled
func MorphologicalGradient(dst, image Array, p GreyParams) error {
	const op = "morphological_gradient"
	return greyCombine(op, dst, image, p, [][]bool{{true}, {false}}, func(out, _ []float32, t [][]float32) {
		for i, v := range t[0] {
			out[i] = v - t[1][i]
		}
	})
}

// MorphologicalLaplace computes GreyDilation plus GreyErosion minus twice the image, with
// the same footprint, mode and cval, evaluated in float32 in scipy's order
// ((dilation + erosion) - image) - image, as scipy.ndimage.morphological_laplace does.
//
//kernreg:op name=morphological_laplace tags=morphology,grey,edges ref=scipy.ndimage.morphological_laplace slices=coupled
func MorphologicalLaplace(dst, image Array, p GreyParams) error {
	const op = "morphological_laplace"
	return greyCombine(op, dst, image, p, [][]bool{{true}, {false}}, func(out, in []float32, t [][]float32) {
		for i, v := range t[0] {
			s := v + t[1][i]
			s -= in[i]
			out[i] = s - in[i]
		}
	})
}

// greyCombine computes one grey morphology result per entry of seqs (each a sequence of
// erosion (false) / dilation (true) steps), then out = combine(image, results)
// elementwise, in parallel chunks. The last result is computed into dst when dst is not
// image, the others into scratch.
func greyCombine(op string, dst, image Array, p GreyParams, seqs [][]bool, combine func(out, in []float32, t [][]float32)) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return greyMorphology(op, dst, image, p, seqs[0]...)
	}
	aliased := &dst.Data[0] == &image.Data[0]
	results := make([][]float32, len(seqs))
	for k, seq := range seqs {
		out := Array{Shape: dst.Shape, Data: dst.Data}
		if aliased || k < len(seqs)-1 {
			out.Data = make([]float32, len(dst.Data))
		}
		if err := greyMorphology(op, out, image, p, seq...); err != nil {
			return err
		}
		results[k] = out.Data
	}
	parallel(len(dst.Data), 1<<15, func(lo, hi int) {
		t := make([][]float32, len(results))
		for k, r := range results {
			t[k] = r[lo:hi]
		}
		combine(dst.Data[lo:hi], image.Data[lo:hi], t)
	})
	return nil
}
