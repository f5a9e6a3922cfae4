(defmap routes :type :lpm-trie :key-size 8 :value-size 4 :max-entries 16 :map-flags 65535)
