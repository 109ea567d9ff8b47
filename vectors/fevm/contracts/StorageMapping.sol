// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.24;

/// Mappings (keccak-derived slots), nested mappings and deletes.
contract StorageMapping {
    mapping(address => uint256) public balanceOf;
    mapping(uint256 => mapping(uint256 => uint256)) public grid;
    mapping(bytes32 => bool) public seen;
    mapping(string => uint256) public named;

    function credit(address who, uint64 amount) external {
        balanceOf[who] += amount;
    }

    function move(address from, address to, uint64 amount) external {
        require(balanceOf[from] >= amount, "insufficient");
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
    }

    function setCell(uint8 x, uint8 y, uint256 v) external {
        grid[x][y] = v;
    }

    function clearCell(uint8 x, uint8 y) external {
        delete grid[x][y];
    }

    function mark(bytes calldata data) external returns (bool wasSeen) {
        bytes32 k = keccak256(data);
        wasSeen = seen[k];
        seen[k] = true;
    }

    function setNamed(string calldata name, uint256 v) external {
        named[name] = v;
    }
}
