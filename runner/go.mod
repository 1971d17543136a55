module dev.berth/runner

go 1.24
