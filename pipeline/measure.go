package pipeline

import "github.com/kernreg/kernreg/measure"

// Table is a measurement table: measure.Table.
type Table = measure.Table

// regions is what a measure step with measure: regions runs.
var regions = measure.Regions
