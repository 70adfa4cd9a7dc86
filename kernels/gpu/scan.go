package gpu

var (
	srcScan = source("scan.cl")

	kScanBlocks = kernel(srcScan, "scan_blocks", Buf, Int, Buf, Buf, Int, Int)
	kScanAdd    = kernel(srcScan, "scan_add", Buf, Int, Buf)
)

// scanGroup and scanBlock are scan.cl's SCAN_GROUP and SCAN_BLOCK: a work group of
// scanGroup items scans scanBlock elements.
const (
	scanGroup = 256
	scanBlock = 1024
)

// exclusiveScan replaces the first n uints of b (n >= 1) with their exclusive prefix
// sums, on the device: each block of scanBlock elements is scanned by one work group,
// the block totals are scanned the same way (recursively, so a level has 1024 times
// fewer elements than the one below) and added back. Sums wrap modulo 2^32; the callers
// sum 0/1 flags of fewer than 2^31 elements.
func exclusiveScan(op string, b Buffer, n int) error {
	dev := b.Device()
	groups := (n + scanBlock - 1) / scanBlock
	sums, err := scratch(dev, op, groups)
	if err != nil {
		return err
	}
	defer sums.Release()
	if err := kScanBlocks.LaunchLocal(dev, []int{groups * scanGroup}, []int{scanGroup}, b, n, sums, b, 0, 0); err != nil {
		return err
	}
	if groups == 1 {
		return nil
	}
	if err := exclusiveScan(op, sums, groups); err != nil {
		return err
	}
	return kScanAdd.Launch(dev, []int{n}, b, n, sums)
}
