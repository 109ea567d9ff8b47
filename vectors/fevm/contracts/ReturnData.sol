// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

contract Echo {
    function echo(bytes calldata d) external pure returns (bytes memory) {
        return d;
    }

    function big(uint256 n) external pure returns (bytes memory out) {
        out = new bytes(n % 20000);
        for (uint256 i = 0; i < out.length; i += 31) out[i] = bytes1(uint8(i));
    }

    function failWith(bytes calldata d) external pure {
        assembly {
            calldatacopy(0, d.offset, d.length)
            revert(0, d.length)
        }
    }
}

/// RETURNDATASIZE/RETURNDATACOPY after successful and failed calls, copies past the end
/// (which must fail), return data reset by a later call, and large return buffers.
contract ReturnData {
    Echo public echo;
    bytes32 public lastHash;

    constructor() {
        echo = new Echo();
    }

    function sizes(bytes calldata d) external returns (uint256 afterOk, uint256 afterFail, uint256 afterStatic) {
        address e = address(echo);
        bytes memory okCall = abi.encodeCall(Echo.echo, (d));
        bytes memory failCall = abi.encodeCall(Echo.failWith, (d));
        assembly {
            pop(call(gas(), e, 0, add(okCall, 32), mload(okCall), 0, 0))
            afterOk := returndatasize()
            pop(call(gas(), e, 0, add(failCall, 32), mload(failCall), 0, 0))
            afterFail := returndatasize()
            pop(staticcall(gas(), 4, 0, 7, 0, 0))
            afterStatic := returndatasize()
        }
    }

    function copyOut(bytes calldata d, uint256 off, uint256 len) external returns (bytes memory out) {
        (bool ok, ) = address(echo).call(abi.encodeCall(Echo.echo, (d)));
        require(ok);
        off = off % 512;
        len = len % 512;
        out = new bytes(len);
        assembly {
            returndatacopy(add(out, 32), off, len) // fails if off+len > returndatasize
        }
        lastHash = keccak256(out);
    }

    function bigReturn(uint256 n) external returns (uint256 len, bytes32 h) {
        bytes memory r = echo.big(n);
        len = r.length;
        h = keccak256(r);
        lastHash = h;
    }

    function outputBufferSmaller(bytes calldata d) external view returns (bytes32 first, uint256 rds) {
        address e = address(echo);
        bytes memory c = abi.encodeCall(Echo.echo, (d));
        assembly {
            mstore(0x00, 0)
            pop(staticcall(gas(), e, add(c, 32), mload(c), 0x00, 0x20))
            first := mload(0x00)
            rds := returndatasize()
        }
    }
}
