package main

// The generated package registers every operation of every library in this build.
import _ "github.com/kernreg/kernreg/generated"
