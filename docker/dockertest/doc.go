// Package dockertest checks the ToolTune container outside Docker: it runs the scripts the
// image runs (docker/entrypoint.sh, docker/healthcheck.sh, scripts/gpu-check) with fake
// nvidia-smi, go, python3 and jupyter commands on a PATH made for each test, and checks that
// docker/Dockerfile and docker/compose.yaml agree with go.mod, lib/model and each other.
//
// Nothing here needs Docker, a GPU or the network.
package dockertest
